package com.lumiku.worker.subscription;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import com.lumiku.worker.subscription.ClaimRenewals.ClaimedRenewal;
import com.lumiku.worker.subscription.PaymentGateway.Answer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records what the gateway said about one attempt, in one short transaction after the
 * call (the caller's). The payment row moves first, guarded on its unsettled status, so
 * an answer recorded twice (a duplicate callback, a second process) changes nothing the
 * second time:
 * <ul>
 * <li>success: payment {@code success} (the unique index allows one per renewal), renewal
 * {@code succeeded}, the subscription extended ({@link ExtendPaidSubscription});</li>
 * <li>declined: payment {@code declined}; the renewal {@code declined} with its next
 * retry from the retry schedule (counted from the period start), or {@code failed} when
 * the schedule is used up;</li>
 * <li>unknown or pending: payment and renewal {@code unknown}, asked about again after
 * {@code inquiryAfter};</li>
 * <li>not found (the inquiry says the gateway never saw the order): payment
 * {@code not_found}, the renewal {@code opened} again, due now.</li>
 * </ul>
 */
final class RecordChargeOutcomes {

	private static final String SETTLE_PAYMENT = """
			UPDATE lumiku_worker.subscription_payment
			SET status = ?, reference = coalesce(?, reference), gateway_status = ?,
			    settled_at = CASE WHEN ? THEN timezone('UTC', now()) END
			WHERE id = ? AND status IN ('charging', 'unknown')
			""";

	private static final String RENEWAL = """
			UPDATE lumiku_worker.subscription_renewal
			SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = now()
			WHERE id = ? AND payment_id = ?
			""";

	private static final String DECLINED_SO_FAR = """
			SELECT r.period_start, (SELECT count(*) FROM lumiku_worker.subscription_payment p
			                        WHERE p.renewal_id = r.id AND p.status = 'declined') AS declined
			FROM lumiku_worker.subscription_renewal r WHERE r.id = ?
			""";

	private final List<Duration> retrySchedule;

	private final Duration inquiryAfter;

	RecordChargeOutcomes(List<Duration> retrySchedule, Duration inquiryAfter) {
		this.retrySchedule = List.copyOf(retrySchedule);
		this.inquiryAfter = inquiryAfter;
	}

	/**
	 * @return the outcome recorded, or empty when the attempt was already settled
	 */
	java.util.Optional<PaymentGateway.Outcome> record(JdbcTemplate jdbc, ClaimedRenewal renewal, Answer answer,
			LocalDateTime asOf, Long jobExecutionId) {
		PaymentGateway.Outcome outcome = (answer.outcome() == PaymentGateway.Outcome.PENDING)
				? PaymentGateway.Outcome.UNKNOWN : answer.outcome();
		String paymentStatus = switch (outcome) {
			case SUCCESS -> "success";
			case DECLINED -> "declined";
			case NOT_FOUND -> "not_found";
			default -> "unknown";
		};
		boolean settled = outcome != PaymentGateway.Outcome.UNKNOWN;
		int moved = jdbc.update(SETTLE_PAYMENT, paymentStatus, answer.reference().orElse(null), answer.detail(),
				settled, renewal.paymentId());
		if (moved == 0) {
			return java.util.Optional.empty();
		}
		switch (outcome) {
			case SUCCESS -> {
				jdbc.update(RENEWAL, "succeeded", asOf, null, renewal.renewalId(), renewal.paymentId());
				if (ExtendPaidSubscription.apply(jdbc, renewal.renewalId(), renewal.subscriptionId(), jobExecutionId)
					.isEmpty()) {
					jdbc.update("UPDATE lumiku_worker.subscription_renewal SET last_error = ? WHERE id = ?",
							"paid, but the subscription no longer renews this period: refund by hand",
							renewal.renewalId());
				}
			}
			case DECLINED -> declined(jdbc, renewal, answer, asOf);
			case NOT_FOUND -> jdbc.update(RENEWAL, "opened", asOf, "gateway never saw " + renewal.merchantOrderId(),
					renewal.renewalId(), renewal.paymentId());
			default -> jdbc.update(RENEWAL, "unknown", asOf.plus(this.inquiryAfter), answer.detail(),
					renewal.renewalId(), renewal.paymentId());
		}
		return java.util.Optional.of(outcome);
	}

	private void declined(JdbcTemplate jdbc, ClaimedRenewal renewal, Answer answer, LocalDateTime asOf) {
		var sofar = jdbc.queryForMap(DECLINED_SO_FAR, renewal.renewalId());
		int declined = ((Number) sofar.get("declined")).intValue();
		LocalDateTime periodStart = ((java.sql.Timestamp) sofar.get("period_start")).toLocalDateTime();
		if (declined > this.retrySchedule.size()) {
			jdbc.update(RENEWAL, "failed", asOf, "declined " + declined + " times: " + answer.detail(),
					renewal.renewalId(), renewal.paymentId());
			return;
		}
		LocalDateTime next = periodStart.plus(this.retrySchedule.get(declined - 1));
		jdbc.update(RENEWAL, "declined", next.isAfter(asOf) ? next : asOf, "declined: " + answer.detail(),
				renewal.renewalId(), renewal.paymentId());
	}

}
