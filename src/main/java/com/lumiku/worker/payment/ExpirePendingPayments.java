package com.lumiku.worker.payment;

import java.time.Duration;
import java.time.LocalDateTime;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.RunCutoff;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batch of payment expiry, in one statement: lock pending payments created at or
 * before the cutoff (skipping those the app's callback holds), re-check under the lock
 * that they are still {@code pending}, set {@code expired} and {@code updatedAt}, and
 * write one {@code lumiku_worker.payment_status_change} row per payment. A callback that
 * committed {@code success} first wins: that payment no longer matches.
 */
final class ExpirePendingPayments {

	private static final String EXPIRE = """
			WITH doomed AS (
			    SELECT id FROM payments
			    WHERE status = 'pending' AND "createdAt" <= ?
			    ORDER BY "createdAt" LIMIT ?
			    FOR UPDATE SKIP LOCKED),
			expired AS (
			    UPDATE payments p SET status = 'expired', "updatedAt" = (now() AT TIME ZONE 'UTC')
			    FROM doomed d WHERE p.id = d.id AND p.status = 'pending'
			    RETURNING p.id, p."userId"),
			audited AS (
			    INSERT INTO lumiku_worker.payment_status_change
			        (payment_id, user_id, from_status, to_status, reason, job_execution_id)
			    SELECT id, "userId", 'pending', 'expired', ?, ? FROM expired
			    RETURNING 1)
			SELECT count(*) FROM audited
			""";

	private static final String COUNT = """
			SELECT count(*) FROM (
			    SELECT 1 FROM payments WHERE status = 'pending' AND "createdAt" <= ? LIMIT ?) candidates
			""";

	private final Duration expireAfter;

	private final Long jobExecutionId;

	ExpirePendingPayments(Duration expireAfter, Long jobExecutionId) {
		this.expireAfter = expireAfter;
		this.jobExecutionId = jobExecutionId;
	}

	BatchedWork.Result expireBatch(JdbcTemplate jdbc, int limit, ExecutionContext context) {
		String reason = "pending longer than " + this.expireAfter + " (payment-expiry)";
		Integer rows = jdbc.queryForObject(EXPIRE, Integer.class, cutoff(jdbc, context), limit, reason,
				this.jobExecutionId);
		return BatchedWork.Result.changed((rows != null) ? rows : 0);
	}

	long countRemaining(JdbcTemplate jdbc, long cap, ExecutionContext context) {
		Long count = jdbc.queryForObject(COUNT, Long.class, cutoff(jdbc, context), cap);
		return (count != null) ? count : 0;
	}

	private LocalDateTime cutoff(JdbcTemplate jdbc, ExecutionContext context) {
		return RunCutoff.of(jdbc, context, this.expireAfter);
	}

}
