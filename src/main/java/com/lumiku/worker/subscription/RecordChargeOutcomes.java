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
 * <li>unknown, or a charge pending: payment and renewal {@code unknown}, asked about
 * again after {@code inquiryAfter};</li>
 * <li>an invoice pending (created, or not paid yet): payment and renewal
 * {@code invoiced}, its status asked again after {@code invoiceCheckEvery} (or settled
 * sooner by the gateway's callback, {@link SettleGatewayCallback});</li>
 * <li>not found (the inquiry says the gateway never saw the order): payment
 * {@code not_found}, the renewal {@code opened} again, due now.</li>
 * </ul>
 */
final class RecordChargeOutcomes {

	private static final String SETTLE_PAYMENT = """
			UPDATE lumiku_worker.subscription_payment
			SET status = ?, reference = coalesce(?, reference), gateway_status = ?,
			    payment_url = coalesce(?, payment_url), settled_at = CASE WHEN ? THEN timezone('UTC', now()) END
			WHERE id = ? AND status IN ('charging', 'unknown', 'invoiced')
			""";

	private static final String RENEWAL = """
			UPDATE lumiku_worker.subscription_renewal
			SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = now()
			WHERE id = ? AND payment_id = ?
			  AND (state NOT IN ('closed', 'failed', 'succeeded') OR (? = 'succeeded' AND state <> 'succeeded'))
			""";

	private static final String DECLINED_SO_FAR = """
			SELECT r.period_start, (SELECT count(*) FROM lumiku_worker.subscription_payment p
			                        WHERE p.renewal_id = r.id AND p.status = 'declined') AS declined
			FROM lumiku_worker.subscription_renewal r WHERE r.id = ?
			""";

	private final List<Duration> retrySchedule;

	private final Duration inquiryAfter;

	private final Duration invoiceCheckEvery;

	RecordChargeOutcomes(List<Duration> retrySchedule, Duration inquiryAfter, Duration invoiceCheckEvery) {
		this.retrySchedule = List.copyOf(retrySchedule);
		this.inquiryAfter = inquiryAfter;
		this.invoiceCheckEvery = invoiceCheckEvery;
	}

	/**
	 * @return the outcome recorded, or empty when the attempt was already settled
	 */
	java.util.Optional<PaymentGateway.Outcome> record(JdbcTemplate jdbc, ClaimedRenewal renewal, Answer answer,
			LocalDateTime asOf, Long jobExecutionId) {
		// An open invoice is pending by design; a charge that is pending is not settled.
		PaymentGateway.Outcome outcome = (answer.outcome() == PaymentGateway.Outcome.PENDING && !renewal.invoice())
				? PaymentGateway.Outcome.UNKNOWN : answer.outcome();
		String paymentStatus = switch (outcome) {
			case SUCCESS -> "success";
			case DECLINED -> "declined";
			case NOT_FOUND -> "not_found";
			case PENDING -> "invoiced";
			default -> "unknown";
		};
		boolean settled = outcome != PaymentGateway.Outcome.UNKNOWN && outcome != PaymentGateway.Outcome.PENDING;
		int moved = jdbc.update(SETTLE_PAYMENT, paymentStatus, answer.reference().orElse(null), answer.detail(),
				answer.paymentUrl().orElse(null), settled, renewal.paymentId());
		if (moved == 0) {
			return java.util.Optional.empty();
		}
		switch (outcome) {
			case SUCCESS -> {
				moveRenewal(jdbc, "succeeded", asOf, null, renewal);
				if (ExtendPaidSubscription.apply(jdbc, renewal.renewalId(), renewal.subscriptionId(), jobExecutionId)
					.isEmpty()) {
					jdbc.update("UPDATE lumiku_worker.subscription_renewal SET last_error = ? WHERE id = ?",
							"paid, but the subscription no longer renews this period: refund by hand",
							renewal.renewalId());
				}
			}
			case DECLINED -> declined(jdbc, renewal, answer, asOf);
			case NOT_FOUND ->
				moveRenewal(jdbc, "opened", asOf, "gateway never saw " + renewal.merchantOrderId(), renewal);
			case PENDING -> moveRenewal(jdbc, "invoiced", asOf.plus(this.invoiceCheckEvery),
					"invoice open: " + answer.detail(), renewal);
			default -> moveRenewal(jdbc, "unknown", asOf.plus(this.inquiryAfter), answer.detail(), renewal);
		}
		return java.util.Optional.of(outcome);
	}

	private static void moveRenewal(JdbcTemplate jdbc, String state, LocalDateTime next, String error,
			ClaimedRenewal renewal) {
		jdbc.update(RENEWAL, state, next, error, renewal.renewalId(), renewal.paymentId(), state);
	}

	private void declined(JdbcTemplate jdbc, ClaimedRenewal renewal, Answer answer, LocalDateTime asOf) {
		var sofar = jdbc.queryForMap(DECLINED_SO_FAR, renewal.renewalId());
		int declined = ((Number) sofar.get("declined")).intValue();
		LocalDateTime periodStart = ((java.sql.Timestamp) sofar.get("period_start")).toLocalDateTime();
		if (declined > this.retrySchedule.size()) {
			moveRenewal(jdbc, "failed", asOf, "declined " + declined + " times: " + answer.detail(), renewal);
			return;
		}
		LocalDateTime next = periodStart.plus(this.retrySchedule.get(declined - 1));
		moveRenewal(jdbc, "declined", next.isAfter(asOf) ? next : asOf, "declined: " + answer.detail(), renewal);
	}

}
