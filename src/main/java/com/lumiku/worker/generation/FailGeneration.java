package com.lumiku.worker.generation;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A failed attempt: back to pending after a backoff while attempts are left, otherwise
 * failed for good with the credits refunded in the same transaction. Like a completion,
 * it applies only while the row is still processing under this worker's lease and
 * attempt.
 */
final class FailGeneration {

	private static final String RETRY = GenerationStatus.RETRY.sql("""
			UPDATE %1$s SET status = {to}, worker_lease_owner = NULL, worker_lease_until = NULL,
			    worker_run_after = now() + ? * interval '1 millisecond', worker_last_error = ? %2$s
			WHERE id = ? AND status = {from} AND worker_lease_owner = ? AND worker_attempts = ?
			""");

	private static final String FAIL = GenerationStatus.FAIL.sql("""
			UPDATE %1$s SET status = {to}, "completedAt" = timezone('UTC', now()), worker_lease_owner = NULL,
			    worker_lease_until = NULL, worker_last_error = ? %2$s %3$s
			WHERE id = ? AND status = {from} AND worker_lease_owner = ? AND worker_attempts = ?
			RETURNING "userId", %4$s AS credit
			""");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final RefundCredits refunds;

	private final String owner;

	FailGeneration(JdbcTemplate jdbc, TransactionTemplate transactions, String owner) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.refunds = new RefundCredits(jdbc);
		this.owner = owner;
	}

	/**
	 * Records a failed attempt.
	 * @return what happened to the row
	 */
	FailOutcome fail(AppSettings settings, ClaimedGeneration generation, String error) {
		String message = truncate(error);
		if (generation.attempt() < settings.maxAttempts()) {
			int updated = this.jdbc.update(RETRY.formatted(settings.table().table(), settings.table().touchUpdatedAt()),
					settings.backoffAfter(generation.attempt()).toMillis(), message, generation.id(), this.owner,
					generation.attempt());
			return new FailOutcome((updated == 1) ? FailOutcome.Kind.RETRIED : FailOutcome.Kind.LOST, 0);
		}
		return failForGood(settings.table(), generation.id(), generation.attempt(), message, this.owner);
	}

	/**
	 * Marks a row failed and refunds it, if it is still processing under the given owner
	 * and attempt.
	 */
	FailOutcome failForGood(GenerationTable table, String id, int attempt, String message, String leaseOwner) {
		String sql = FAIL.formatted(table.table(), table.errorColumn() ? ", \"errorMessage\" = ?" : "",
				table.touchUpdatedAt(), table.creditExpression());
		Object[] arguments = table.errorColumn() ? new Object[] { message, message, id, leaseOwner, attempt }
				: new Object[] { message, id, leaseOwner, attempt };
		return this.transactions.execute((status) -> {
			List<Map<String, Object>> failed = this.jdbc.queryForList(sql, arguments);
			if (failed.isEmpty()) {
				return new FailOutcome(FailOutcome.Kind.LOST, 0);
			}
			Map<String, Object> row = failed.get(0);
			int refunded = this.refunds.refund(table, id, (String) row.get("userId"),
					((Number) row.get("credit")).intValue());
			return new FailOutcome(FailOutcome.Kind.FAILED, refunded);
		});
	}

	static String truncate(String error) {
		String message = (error != null) ? error : "unknown error";
		return (message.length() > 2000) ? message.substring(0, 2000) : message;
	}

	/**
	 * What a failure did.
	 *
	 * @param kind retried, failed for good, or lost (the row was no longer ours)
	 * @param refunded credits given back
	 */
	record FailOutcome(Kind kind, int refunded) {

		enum Kind {

			RETRIED, FAILED, LOST

		}

	}

}
