package com.lumiku.worker.subscription;

import java.time.Duration;
import java.util.Optional;

/**
 * What the renewal job asks of a payment gateway. Every call is made outside any database
 * transaction or row lock, with a per-call timeout; a timeout or a server error is never
 * taken for a decline: it is {@link Outcome#UNKNOWN} and settled by {@link #status}
 * before any new attempt.
 */
public interface PaymentGateway {

	/**
	 * Charges a stored payment method.
	 * @param order the merchant order id (one per attempt, deterministic)
	 * @param userId whose stored method
	 * @param amount IDR
	 * @param timeout the longest the call may take
	 * @return the answer; {@link Outcome#UNKNOWN} on timeout, 5xx or an unreadable answer
	 */
	Answer charge(String order, String userId, long amount, Duration timeout);

	/**
	 * Creates a payment request the user pays (Duitku's redirect flow); settled by the
	 * app's callback or by {@link #status}.
	 * @return the answer: {@link Outcome#PENDING} with the reference and payment URL
	 */
	Answer invoice(String order, String userId, long amount, Duration timeout);

	/**
	 * Asks what became of an order (Duitku's transaction status inquiry).
	 * @return success, declined, pending, {@link Outcome#NOT_FOUND} (the gateway never
	 * saw it), or unknown when the inquiry itself failed
	 */
	Answer status(String order, Duration timeout);

	/** What the gateway said about an order. */
	enum Outcome {

		SUCCESS, DECLINED, PENDING, NOT_FOUND, UNKNOWN

	}

	/**
	 * An answer.
	 *
	 * @param outcome what became of the order
	 * @param reference the gateway's reference, when it gave one
	 * @param paymentUrl where the user pays (invoices)
	 * @param detail the gateway's status code or the error, for the audit
	 */
	record Answer(Outcome outcome, Optional<String> reference, Optional<String> paymentUrl, String detail) {

		static Answer of(Outcome outcome, String reference, String detail) {
			return new Answer(outcome, Optional.ofNullable(reference).filter((r) -> !r.isBlank()), Optional.empty(),
					detail);
		}

		static Answer unknown(String detail) {
			return new Answer(Outcome.UNKNOWN, Optional.empty(), Optional.empty(), detail);
		}

	}

}
