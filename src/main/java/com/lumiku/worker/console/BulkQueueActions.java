package com.lumiku.worker.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.lumiku.worker.generation.GenerationTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The generation queue's bulk actions over a filter, each previewed (a count, nothing
 * changed), then confirmed, audited ({@code console_action} and one
 * {@code console_action_row} per row changed) and done in batches of
 * {@code lumiku.console.bulk-batch-size}, each batch one statement (its own transaction):
 * <ul>
 * <li><b>retry</b>: failed rows of an app that failed since a time go back to pending
 * with their attempts reset, so the queue claims them again. Credits are never touched: a
 * retry charges nothing, and a row the worker refunded when it failed
 * ({@code lumiku_worker.generation_refund}) is left failed unless the operator includes
 * refunded rows, which then run free of charge; if such a row fails again, the refund's
 * primary key admits no second refund. A row is retried at most once per action, even if
 * it fails again while the action goes on.</li>
 * <li><b>cancel</b>: pending rows of a user (one app or all) become cancelled, as the
 * app's own cancel does (no refund, like the app's). A row claimed meanwhile is no longer
 * pending and is left alone; rows are locked with {@code SKIP LOCKED}, so a worker
 * claiming them is never waited for.</li>
 * </ul>
 * Both are operator transitions outside the queue's own state machine
 * ({@code GenerationStatus.next()}, which the queue's workers follow): failed to pending
 * (a retry) and pending to cancelled (what the app's cancel writes too). Each statement
 * guards on the row's current status, so a row the queue moved meanwhile is left alone.
 */
@Component
class BulkQueueActions {

	/** Failed rows of an app since a time. */
	record RetryFilter(GenerationTable table, Instant since, boolean includeRefunded) {

		String describe() {
			return "app=" + this.table.app() + " failed since " + Durations.utc(this.since)
					+ (this.includeRefunded ? " including refunded rows" : " not refunded");
		}

	}

	/** Pending rows of a user, in one app or all. */
	record CancelFilter(Optional<GenerationTable> table, String userId) {

		List<GenerationTable> tables() {
			return this.table.map(List::of).orElse(GenerationTable.ALL);
		}

		String describe() {
			return "app=" + this.table.map(GenerationTable::app).orElse("all") + " user=" + this.userId + " pending";
		}

	}

	/**
	 * What an action would change.
	 *
	 * @param rows the rows it would change
	 * @param refundedSkipped refunded rows a retry leaves failed
	 * @param refundedIncluded refunded rows a retry runs free of charge
	 */
	record Preview(long rows, long refundedSkipped, long refundedIncluded) {
	}

	private static final String REFUNDED = """
			EXISTS (SELECT 1 FROM lumiku_worker.generation_refund r
			        WHERE r.generation_table = '%1$s' AND r.generation_id = t.id AND r.amount > 0)
			""";

	private static final String COUNT_FAILED = """
			SELECT count(*) FILTER (WHERE NOT %2$s) AS plain, count(*) FILTER (WHERE %2$s) AS refunded
			FROM %1$s t WHERE t.status = 'failed' AND t."completedAt" >= ?
			""";

	private static final String RETRY_BATCH = """
			WITH picked AS (
			    SELECT t.id FROM %1$s t
			    WHERE t.status = 'failed' AND t."completedAt" >= ? %2$s
			      AND NOT EXISTS (SELECT 1 FROM lumiku_worker.console_action_row a
			                      WHERE a.action_id = ? AND a.generation_table = '%1$s' AND a.generation_id = t.id)
			    ORDER BY t.id LIMIT ? FOR UPDATE SKIP LOCKED
			), changed AS (
			    UPDATE %1$s t SET status = 'pending', "completedAt" = NULL, worker_attempts = 0, worker_run_after = NULL,
			        worker_lease_owner = NULL, worker_lease_until = NULL, worker_started_at = NULL,
			        worker_last_error = left('retried from the console (action ' || ?::text || '); last error: '
			            || coalesce(t.worker_last_error, ''), 2000) %3$s %4$s
			    FROM picked WHERE t.id = picked.id AND t.status = 'failed'
			    RETURNING t.id
			)
			INSERT INTO lumiku_worker.console_action_row (action_id, generation_table, generation_id, from_status, to_status)
			SELECT ?, '%1$s', id, 'failed', 'pending' FROM changed
			""";

	private static final String COUNT_PENDING = """
			SELECT count(*) FROM %1$s t WHERE t.status = 'pending' AND t."userId" = ?
			""";

	private static final String CANCEL_BATCH = """
			WITH picked AS (
			    SELECT t.id FROM %1$s t
			    WHERE t.status = 'pending' AND t."userId" = ?
			    ORDER BY t.id LIMIT ? FOR UPDATE SKIP LOCKED
			), changed AS (
			    UPDATE %1$s t SET status = 'cancelled', "completedAt" = timezone('UTC', now()),
			        worker_last_error = 'cancelled from the console (action ' || ?::text || ')' %2$s %3$s
			    FROM picked WHERE t.id = picked.id AND t.status = 'pending'
			    RETURNING t.id
			)
			INSERT INTO lumiku_worker.console_action_row (action_id, generation_table, generation_id, from_status, to_status)
			SELECT ?, '%1$s', id, 'pending', 'cancelled' FROM changed
			""";

	private static final Logger logger = LoggerFactory.getLogger(BulkQueueActions.class);

	private final JdbcTemplate jdbc;

	private final ConsoleAudit audit;

	private final ConsoleProperties properties;

	BulkQueueActions(JdbcTemplate jdbc, ConsoleAudit audit, ConsoleProperties properties) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.properties = properties;
	}

	Preview preview(RetryFilter filter) {
		GenerationTable table = filter.table();
		return this.jdbc.queryForObject(COUNT_FAILED.formatted(table.table(), REFUNDED.formatted(table.table())),
				(row, n) -> {
					long plain = row.getLong("plain");
					long refunded = row.getLong("refunded");
					return filter.includeRefunded() ? new Preview(plain + refunded, 0, refunded)
							: new Preview(plain, refunded, 0);
				}, utc(filter.since()));
	}

	Preview preview(CancelFilter filter) {
		long rows = filter.tables()
			.stream()
			.mapToLong((table) -> this.jdbc.queryForObject(COUNT_PENDING.formatted(table.table()), Long.class,
					filter.userId()))
			.sum();
		return new Preview(rows, 0, 0);
	}

	/** Retries in batches; returns the audit row's id and the rows changed. */
	Done retry(ConsoleTokens.Operator who, RetryFilter filter, long previewed) {
		GenerationTable table = filter.table();
		long id = this.audit.begin(who, "bulk-retry", table.app(), filter.describe(), previewed);
		String sql = RETRY_BATCH.formatted(table.table(),
				filter.includeRefunded() ? "" : "AND NOT " + REFUNDED.formatted(table.table()),
				table.errorColumn() ? ", \"errorMessage\" = NULL" : "", touchUpdatedAt(table));
		return inBatches(id, "bulk-retry",
				() -> this.jdbc.update(sql, utc(filter.since()), id, this.properties.bulkBatchSize(), id, id));
	}

	/** Cancels in batches; returns the audit row's id and the rows changed. */
	Done cancel(ConsoleTokens.Operator who, CancelFilter filter, long previewed) {
		long id = this.audit.begin(who, "bulk-cancel", filter.userId(), filter.describe(), previewed);
		return inBatches(id, "bulk-cancel", () -> {
			int changed = 0;
			for (GenerationTable table : filter.tables()) {
				String sql = CANCEL_BATCH.formatted(table.table(),
						table.errorColumn() ? ", \"errorMessage\" = 'Cancelled by operator'" : "",
						touchUpdatedAt(table));
				changed += this.jdbc.update(sql, filter.userId(), this.properties.bulkBatchSize(), id, id);
			}
			return changed;
		});
	}

	/** A finished bulk action. */
	record Done(long actionId, long changed) {
	}

	private Done inBatches(long actionId, String action, java.util.function.IntSupplier batch) {
		long changed = 0;
		try {
			for (int rows = batch.getAsInt(); rows > 0; rows = batch.getAsInt()) {
				changed += rows;
			}
		}
		catch (RuntimeException ex) {
			this.audit.finish(actionId, action, false, changed,
					"failed after " + changed + " rows: " + ex.getMessage());
			logger.warn("Console {} (action {}) failed after {} rows: {}", action, actionId, changed, ex.getMessage());
			throw ex;
		}
		this.audit.finish(actionId, action, true, changed, changed + " rows changed");
		logger.info("Console {} (action {}): {} rows changed", action, actionId, changed);
		return new Done(actionId, changed);
	}

	private static String touchUpdatedAt(GenerationTable table) {
		return table.updatedAt() ? ", \"updatedAt\" = timezone('UTC', now())" : "";
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
