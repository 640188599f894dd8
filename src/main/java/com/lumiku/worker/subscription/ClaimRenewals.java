package com.lumiku.worker.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims renewals in short transactions ({@code FOR UPDATE SKIP LOCKED}, so two processes
 * never claim the same row), before any gateway call:
 * <ul>
 * <li>{@link #claimCharges}: due {@code opened} or {@code declined} renewals of
 * subscriptions still renewing the same period become {@code charging}, each with a new
 * payment row (attempt n, merchant order id
 * {@code renew-{subscriptionId}-{periodStart}-{n}}, unique);</li>
 * <li>{@link #claimInquiries}: {@code unknown} renewals due for a status inquiry, and
 * {@code charging} renewals whose run died (their {@code next_attempt_at} passed), become
 * {@code unknown} with a new inquiry time: they are asked about, never charged again
 * blind; {@code invoiced} renewals due for their next check stay {@code invoiced}.</li>
 * </ul>
 * Either way {@code next_attempt_at} is pushed past the call, so a second process does
 * not claim the row while the call is in flight.
 */
final class ClaimRenewals {

	private static final String CLAIM_CHARGES = """
			WITH due AS (
			    SELECT r.id FROM lumiku_worker.subscription_renewal r
			    JOIN subscriptions s ON s.id = r.subscription_id
			    WHERE r.state IN ('opened', 'declined') AND r.next_attempt_at <= ?
			      AND s.status IN ('active', 'grace_period') AND s."autoRenew" AND s."cancelledAt" IS NULL
			      AND s."endDate" = r.period_start
			    ORDER BY r.next_attempt_at, r.id LIMIT ?
			    FOR UPDATE OF r SKIP LOCKED),
			claimed AS (
			    UPDATE lumiku_worker.subscription_renewal r
			    SET state = 'charging', attempts = r.attempts + 1, next_attempt_at = ? + ? * interval '1 millisecond',
			        payment_id = 'sp-' || r.id || '-' || (r.attempts + 1), updated_at = now()
			    FROM due WHERE r.id = due.id AND r.state IN ('opened', 'declined')
			    RETURNING r.id, r.subscription_id, r.user_id, r.period_start, r.amount, r.attempts, r.payment_id,
			              r.collection),
			paid AS (
			    INSERT INTO lumiku_worker.subscription_payment
			        (id, renewal_id, attempt, subscription_id, user_id, merchant_order_id, amount, collection)
			    SELECT payment_id, id, attempts, subscription_id, user_id,
			           'renew-' || subscription_id || '-' || to_char(period_start, 'YYYYMMDD"T"HH24MISS') || '-' || attempts,
			           amount, collection
			    FROM claimed
			    RETURNING id, merchant_order_id)
			SELECT c.id, c.subscription_id, c.user_id, c.amount, c.payment_id, p.merchant_order_id, c.collection
			FROM claimed c JOIN paid p ON p.id = c.payment_id
			""";

	private static final String CLAIM_INQUIRIES = """
			WITH due AS (
			    SELECT id FROM lumiku_worker.subscription_renewal
			    WHERE state IN ('unknown', 'charging', 'invoiced') AND next_attempt_at <= ?
			    ORDER BY next_attempt_at, id LIMIT ?
			    FOR UPDATE SKIP LOCKED),
			claimed AS (
			    UPDATE lumiku_worker.subscription_renewal r
			    SET state = CASE WHEN r.state = 'invoiced' THEN 'invoiced' ELSE 'unknown' END,
			        next_attempt_at = ? + ? * interval '1 millisecond', updated_at = now()
			    FROM due WHERE r.id = due.id AND r.state IN ('unknown', 'charging', 'invoiced')
			    RETURNING r.id, r.subscription_id, r.user_id, r.amount, r.payment_id, r.collection)
			SELECT c.id, c.subscription_id, c.user_id, c.amount, c.payment_id, p.merchant_order_id, c.collection
			FROM claimed c JOIN lumiku_worker.subscription_payment p ON p.id = c.payment_id
			""";

	private static final String COUNT = """
			SELECT count(*) FROM lumiku_worker.subscription_renewal
			WHERE state IN ('opened', 'declined', 'unknown', 'charging', 'invoiced') AND next_attempt_at <= ?
			""";

	/** How long a claimed call may take before its row counts as abandoned. */
	private final Duration hold;

	ClaimRenewals(Duration hold) {
		this.hold = hold;
	}

	List<ClaimedRenewal> claimCharges(JdbcTemplate jdbc, LocalDateTime asOf, int limit) {
		return jdbc.query(CLAIM_CHARGES, ClaimRenewals::map, asOf, limit, asOf, this.hold.toMillis());
	}

	List<ClaimedRenewal> claimInquiries(JdbcTemplate jdbc, LocalDateTime asOf, int limit) {
		return jdbc.query(CLAIM_INQUIRIES, ClaimRenewals::map, asOf, limit, asOf, this.hold.toMillis());
	}

	static long countDue(JdbcTemplate jdbc, LocalDateTime asOf) {
		Long count = jdbc.queryForObject(COUNT, Long.class, asOf);
		return (count != null) ? count : 0;
	}

	private static ClaimedRenewal map(ResultSet rs, int row) throws SQLException {
		return new ClaimedRenewal(rs.getLong("id"), rs.getString("subscription_id"), rs.getString("user_id"),
				rs.getBigDecimal("amount").longValueExact(), rs.getString("payment_id"),
				rs.getString("merchant_order_id"), "invoice".equals(rs.getString("collection")));
	}

	/**
	 * A renewal claimed for one gateway call.
	 *
	 * @param renewalId the renewal
	 * @param subscriptionId its subscription
	 * @param userId its user
	 * @param amount IDR
	 * @param paymentId the attempt's payment row
	 * @param merchantOrderId the attempt's order id at the gateway
	 * @param invoice invoiced (the user pays a payment request) rather than charged
	 */
	record ClaimedRenewal(long renewalId, String subscriptionId, String userId, long amount, String paymentId,
			String merchantOrderId, boolean invoice) {
	}

}
