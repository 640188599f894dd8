package com.lumiku.worker.generation;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows whose lease ran out (the holder died, hung or lost the network): back to pending
 * with the attempt counted, or, when that was the last attempt, failed and refunded. The
 * lease is compared with the database's {@code now()}. Rows are locked with
 * {@code SKIP LOCKED}, so several workers may rescue at once without meeting.
 */
final class RescueExpiredLeases {

	private static final String REQUEUE = GenerationStatus.RESCUE.sql("""
			UPDATE %1$s t SET status = {to}, worker_run_after = now(),
			    worker_last_error = 'lease of ' || t.worker_lease_owner || ' expired during attempt '
			        || t.worker_attempts,
			    worker_lease_owner = NULL, worker_lease_until = NULL %2$s
			WHERE t.id IN (SELECT id FROM %1$s WHERE status = {from} AND worker_lease_until < now()
			               AND worker_attempts < ? ORDER BY worker_lease_until LIMIT ? FOR UPDATE SKIP LOCKED)
			RETURNING t.id
			""");

	private static final String EXHAUSTED = """
			SELECT id, worker_attempts, worker_lease_owner FROM %1$s
			WHERE status = 'processing' AND worker_lease_until < now() AND worker_attempts >= ?
			ORDER BY worker_lease_until LIMIT ?
			""";

	private final JdbcTemplate jdbc;

	private final FailGeneration failures;

	RescueExpiredLeases(JdbcTemplate jdbc, FailGeneration failures) {
		this.jdbc = jdbc;
		this.failures = failures;
	}

	/**
	 * One pass over one app.
	 * @return rows requeued, rows failed, credits refunded
	 */
	Rescued rescue(AppSettings settings, int limit) {
		GenerationTable table = settings.table();
		int requeued = this.jdbc
			.queryForList(REQUEUE.formatted(table.table(), table.touchUpdatedAt()), String.class,
					settings.maxAttempts(), limit)
			.size();
		int failed = 0;
		int refunded = 0;
		List<Map<String, Object>> exhausted = this.jdbc.queryForList(EXHAUSTED.formatted(table.table()),
				settings.maxAttempts(), limit);
		for (Map<String, Object> row : exhausted) {
			int attempt = ((Number) row.get("worker_attempts")).intValue();
			String owner = (String) row.get("worker_lease_owner");
			FailGeneration.FailOutcome outcome = this.failures.failForGood(table, (String) row.get("id"), attempt,
					"lease of " + owner + " expired during the last attempt (" + attempt + ")", owner);
			if (outcome.kind() == FailGeneration.FailOutcome.Kind.FAILED) {
				failed++;
				refunded += outcome.refunded();
			}
		}
		return new Rescued(requeued, failed, refunded);
	}

	/**
	 * @param requeued rows back to pending
	 * @param failed rows failed for good
	 * @param refunded credits given back
	 */
	record Rescued(int requeued, int failed, int refunded) {
	}

}
