package com.lumiku.worker.quota;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.RunCutoff;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batch of pruning: deletes the oldest {@code quota_usages} rows whose
 * {@code resetAt} is at or before the cutoff (the database's clock at the run's first
 * batch, minus {@code keepPastPeriodsFor}; see {@link RunCutoff}), along
 * {@code quota_usages_resetAt_idx}, with a keyset kept in the step's context so a long
 * run never rescans the dead index entries of the batches before it, and a restart goes
 * on where it was. Past periods are a small, steady share of the table (about 35 days of
 * one or two rows per user), so the index walk is all it needs; the app never locks them.
 */
final class PrunePastPeriods {

	private static final String AFTER = "afterResetAt";

	private static final String DELETE = """
			WITH gone AS (
			    DELETE FROM quota_usages WHERE ctid = ANY (ARRAY(
			        SELECT ctid FROM quota_usages
			        WHERE "resetAt" >= ? AND "resetAt" <= ?
			        ORDER BY "resetAt" LIMIT ?))
			    RETURNING "resetAt" AS at)
			SELECT count(*) AS rows, max(at) AS last FROM gone
			""";

	private static final String COUNT = """
			SELECT count(*) FROM (SELECT 1 FROM quota_usages WHERE "resetAt" <= ? LIMIT ?) candidates
			""";

	private final Duration keepPastPeriodsFor;

	PrunePastPeriods(Duration keepPastPeriodsFor) {
		this.keepPastPeriodsFor = keepPastPeriodsFor;
	}

	BatchedWork.Result deleteBatch(JdbcTemplate jdbc, int limit, ExecutionContext context) {
		LocalDateTime after = context.containsKey(AFTER) ? LocalDateTime.parse(context.getString(AFTER))
				: LocalDateTime.of(1, 1, 1, 0, 0);
		Map<String, Object> result = jdbc.queryForMap(DELETE, after, cutoff(jdbc, context), limit);
		Object last = result.get("last");
		if (last != null) {
			context.putString(AFTER, ((Timestamp) last).toLocalDateTime().toString());
		}
		return BatchedWork.Result.changed(((Number) result.get("rows")).intValue());
	}

	long countRemaining(JdbcTemplate jdbc, long cap, ExecutionContext context) {
		Long count = jdbc.queryForObject(COUNT, Long.class, cutoff(jdbc, context), cap);
		return (count != null) ? count : 0;
	}

	private LocalDateTime cutoff(JdbcTemplate jdbc, ExecutionContext context) {
		return RunCutoff.of(jdbc, context, this.keepPastPeriodsFor);
	}

}
