package com.lumiku.worker.subscription;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes the renewals of subscriptions that stopped renewing before the renewal was paid:
 * {@code opened}, {@code declined} or {@code invoiced} renewals whose subscription was
 * deleted, expired, cancelled, had {@code autoRenew} turned off, or no longer ends where
 * the renewal's period starts (something else extended it). Each becomes {@code closed}
 * with its reason, and an audit row in {@code subscription_renewal_closure} (primary key:
 * the renewal, so a renewal is closed once) is written in the same statement. Renewals in
 * {@code charging} or {@code unknown} are left alone: money may be in flight, and they
 * are reconciled by inquiry first. A closed renewal is never charged or asked about
 * again; a payment that still arrives for it (the callback of an invoice the user paid
 * late) is applied as usual, so a closed renewal can still end {@code succeeded}.
 */
final class CloseStaleRenewals {

	private static final String REASON = """
			CASE WHEN s.id IS NULL THEN 'subscription deleted'
			     WHEN s.status = 'expired' THEN 'subscription expired'
			     WHEN s."cancelledAt" IS NOT NULL THEN 'subscription cancelled'
			     WHEN NOT s."autoRenew" THEN 'autoRenew turned off'
			     WHEN s.status NOT IN ('active', 'grace_period') THEN 'subscription ' || s.status
			     WHEN s."endDate" <> r.period_start THEN 'the subscription no longer ends where this period starts'
			END""";

	private static final String STALE = """
			SELECT r.id, r.state, r.subscription_id, %s AS reason
			FROM lumiku_worker.subscription_renewal r LEFT JOIN subscriptions s ON s.id = r.subscription_id
			WHERE r.state IN ('opened', 'declined', 'invoiced')""".formatted(REASON);

	private static final String CLOSE = """
			WITH stale AS (
			    SELECT r.id, r.state, r.subscription_id, %s AS reason
			    FROM lumiku_worker.subscription_renewal r LEFT JOIN subscriptions s ON s.id = r.subscription_id
			    WHERE r.state IN ('opened', 'declined', 'invoiced') AND %s IS NOT NULL
			    ORDER BY r.id LIMIT ?
			    FOR UPDATE OF r SKIP LOCKED),
			closed AS (
			    UPDATE lumiku_worker.subscription_renewal r
			    SET state = 'closed', closed_reason = stale.reason, updated_at = now()
			    FROM stale WHERE r.id = stale.id AND r.state = stale.state
			    RETURNING r.id, r.subscription_id, stale.state AS from_state, stale.reason),
			audited AS (
			    INSERT INTO lumiku_worker.subscription_renewal_closure
			        (renewal_id, subscription_id, from_state, reason, job_execution_id)
			    SELECT id, subscription_id, from_state, reason, ? FROM closed
			    RETURNING 1)
			SELECT count(*) FROM audited
			""".formatted(REASON, REASON);

	private final Long jobExecutionId;

	CloseStaleRenewals(Long jobExecutionId) {
		this.jobExecutionId = jobExecutionId;
	}

	/**
	 * Closes every stale renewal, {@code batchSize} per short transaction.
	 * @return the renewals closed
	 */
	long closeAll(JdbcTemplate jdbc, TransactionTemplate transaction, int batchSize) {
		long total = 0;
		long closed;
		do {
			closed = transaction
				.execute((status) -> jdbc.queryForObject(CLOSE, Long.class, batchSize, this.jobExecutionId));
			total += closed;
		}
		while (closed == batchSize);
		return total;
	}

	static long countStale(JdbcTemplate jdbc) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM (" + STALE + ") t WHERE reason IS NOT NULL", Long.class);
		return (count != null) ? count : 0;
	}

}
