package com.lumiku.worker.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.lumiku.worker.generation.GenerationTable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The generation queue at a glance, per app: pending and processing (exact, over the
 * queue's partial indexes), completed, failed and cancelled among the rows created in the
 * last 24 hours (over the app's {@code (status, "createdAt")} index, so a large table is
 * not counted whole), the oldest pending row, completions in the last hour, and the
 * newest failures with their error.
 */
@Component
class QueueOverview {

	/** One app's queue. */
	record AppQueue(String app, long pending, long processing, long completed24h, long failed24h, long cancelled24h,
			Optional<Instant> oldestPending, long completedLastHour) {

		public String oldest() {
			return this.oldestPending
				.map((at) -> Durations.words(java.time.Duration.between(at, Instant.now())) + " ago")
				.orElse("-");
		}

	}

	/** A recent failure. */
	record Failure(String app, String id, String userId, Instant failedAt, int attempts, String error,
			boolean refunded) {

		public String at() {
			return Durations.utc(this.failedAt);
		}

	}

	private static final String COUNTS = """
			SELECT (SELECT count(*) FROM %1$s WHERE status = 'pending') AS pending,
			       (SELECT count(*) FROM %1$s WHERE status = 'processing') AS processing,
			       (SELECT min("createdAt") FROM %1$s WHERE status = 'pending') AS oldest,
			       (SELECT count(*) FROM %1$s WHERE status = 'completed' AND "createdAt" >= ?) AS completed,
			       (SELECT count(*) FROM %1$s WHERE status = 'failed' AND "createdAt" >= ?) AS failed,
			       (SELECT count(*) FROM %1$s WHERE status = 'cancelled' AND "createdAt" >= ?) AS cancelled,
			       (SELECT count(*) FROM %1$s WHERE status = 'completed' AND "createdAt" >= ?
			            AND "completedAt" >= ?) AS completed_hour
			""";

	private static final String FAILURES = """
			SELECT t.id, t."userId", t."completedAt", t.worker_attempts, %2$s AS error,
			       EXISTS (SELECT 1 FROM lumiku_worker.generation_refund r
			               WHERE r.generation_table = '%1$s' AND r.generation_id = t.id AND r.amount > 0) AS refunded
			FROM %1$s t
			WHERE t.status = 'failed' AND t."createdAt" >= ?
			ORDER BY t."completedAt" DESC NULLS LAST
			LIMIT ?
			""";

	private final JdbcTemplate jdbc;

	QueueOverview(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<AppQueue> apps() {
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		LocalDateTime day = now.minusHours(24);
		LocalDateTime hour = now.minusHours(1);
		return GenerationTable.ALL.stream()
			.map((table) -> this.jdbc.queryForObject(COUNTS.formatted(table.table()),
					(row, n) -> new AppQueue(table.app(), row.getLong("pending"), row.getLong("processing"),
							row.getLong("completed"), row.getLong("failed"), row.getLong("cancelled"),
							Optional.ofNullable(row.getObject("oldest", LocalDateTime.class))
								.map((at) -> at.toInstant(ZoneOffset.UTC)),
							row.getLong("completed_hour")),
					day, day, day, day, hour))
			.toList();
	}

	/** The newest failures of the last 24 hours across the apps, newest first. */
	List<Failure> recentFailures(int limit) {
		LocalDateTime day = LocalDateTime.now(ZoneOffset.UTC).minusHours(24);
		return GenerationTable.ALL.stream()
			.flatMap((table) -> this.jdbc
				.query(FAILURES.formatted(table.table(), errorExpression(table)),
						(row, n) -> new Failure(table.app(), row.getString("id"), row.getString("userId"),
								Optional.ofNullable(row.getObject("completedAt", LocalDateTime.class))
									.map((at) -> at.toInstant(ZoneOffset.UTC))
									.orElse(Instant.EPOCH),
								row.getInt("worker_attempts"), Optional.ofNullable(row.getString("error")).orElse(""),
								row.getBoolean("refunded")),
						day, limit)
				.stream())
			.sorted(java.util.Comparator.comparing(Failure::failedAt).reversed())
			.limit(limit)
			.toList();
	}

	static String errorExpression(GenerationTable table) {
		return table.errorColumn() ? "coalesce(t.worker_last_error, t.\"errorMessage\")" : "t.worker_last_error";
	}

}
