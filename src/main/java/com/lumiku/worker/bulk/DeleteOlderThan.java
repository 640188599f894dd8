package com.lumiku.worker.bulk;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes the rows of a table whose timestamp column is at or before a cutoff, oldest
 * first, walking the column's index with a keyset (so that a long run does not rescan the
 * dead index entries of the batches before it), skipping rows the app has locked. The
 * cutoff (database clock, UTC like the app's {@code timestamp(3)} columns, minus a
 * retention) is fixed at the run's first batch and kept in the step's context, so a
 * restarted run keeps its cutoff.
 */
public final class DeleteOlderThan {

	private static final String AFTER = "after";

	/**
	 * The only tables and columns this deletes by (identifiers are not bind parameters).
	 */
	private static final java.util.Set<String> TARGETS = java.util.Set.of("sessions.expiresAt", "devices.lastActive",
			"quota_usages.resetAt");

	private final String deleteSql;

	private final String countSql;

	private final Duration retention;

	public DeleteOlderThan(String table, String column, Duration retention) {
		if (!TARGETS.contains(table + "." + column)) {
			throw new IllegalArgumentException("not a cleanup target: " + table + "." + column);
		}
		this.retention = retention;
		this.deleteSql = """
				WITH gone AS (
				    DELETE FROM %1$s WHERE ctid = ANY (ARRAY(
				        SELECT ctid FROM %1$s
				        WHERE "%2$s" >= ? AND "%2$s" <= ?
				        ORDER BY "%2$s" LIMIT ?))
				    RETURNING "%2$s" AS at)
				SELECT count(*) AS rows, max(at) AS last FROM gone
				""".formatted(table, column);
		this.countSql = """
				SELECT count(*) FROM (SELECT 1 FROM %1$s WHERE "%2$s" <= ? LIMIT ?) candidates
				""".formatted(table, column);
	}

	public BatchedWork.Result deleteBatch(JdbcTemplate jdbc, int limit, ExecutionContext context) {
		LocalDateTime cutoff = cutoff(jdbc, context);
		LocalDateTime after = context.containsKey(AFTER) ? LocalDateTime.parse(context.getString(AFTER))
				: LocalDateTime.of(1, 1, 1, 0, 0);
		Map<String, Object> result = jdbc.queryForMap(this.deleteSql, after, cutoff, limit);
		Object last = result.get("last");
		if (last != null) {
			context.putString(AFTER, ((java.sql.Timestamp) last).toLocalDateTime().toString());
		}
		return BatchedWork.Result.changed(((Number) result.get("rows")).intValue());
	}

	public long countRemaining(JdbcTemplate jdbc, long cap, ExecutionContext context) {
		Long count = jdbc.queryForObject(this.countSql, Long.class, cutoff(jdbc, context), cap);
		return (count != null) ? count : 0;
	}

	private LocalDateTime cutoff(JdbcTemplate jdbc, ExecutionContext context) {
		return RunCutoff.of(jdbc, context, this.retention);
	}

}
