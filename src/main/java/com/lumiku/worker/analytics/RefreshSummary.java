package com.lumiku.worker.analytics;

import java.time.Duration;
import java.util.Optional;

/**
 * Brings a summary table up to date, one batch per call, each in its own transaction
 * under the summary's advisory lock: an incremental batch takes up to {@code batchSize}
 * dirty keys and recomputes them ({@link SummarySql#incremental}); a rebuild (mode
 * {@code full}, or asked for by a TRUNCATE of a source) recomputes it all. A batch that
 * fails or is killed rolls back: its keys stay dirty and the next run redoes them. The
 * batch that finds fewer than {@code batchSize} keys left records the summary as up to
 * date.
 */
final class RefreshSummary {

	private final SingleFlightTransaction transaction;

	private final int batchSize;

	RefreshSummary(SingleFlightTransaction transaction, int batchSize) {
		this.transaction = transaction;
		this.batchSize = batchSize;
	}

	/**
	 * One batch of incremental work.
	 * @return the outcome; {@link #isDrained} says whether it was the last batch
	 */
	RefreshOutcome incrementalBatch(AnalyticsView view) {
		return run(view, false);
	}

	/** The whole summary recomputed from its definition. */
	RefreshOutcome rebuild(AnalyticsView view) {
		return run(view, true);
	}

	boolean isDrained(RefreshOutcome outcome) {
		return !outcome.ran() || outcome.mode().equals("full") || outcome.claimed() < this.batchSize;
	}

	private RefreshOutcome run(AnalyticsView view, boolean full) {
		long started = System.nanoTime();
		var result = this.transaction.run(Optional.of(view.summary()), (jdbc) -> {
			boolean rebuild = RecordRefresh.takeRebuildRequest(jdbc, view.summary()) || full;
			long[] counts = rebuild ? jdbc.queryForObject(SummarySql.rebuild(view), RefreshSummary::counts)
					: jdbc.queryForObject(SummarySql.incremental(view), RefreshSummary::counts, this.batchSize);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			String mode = rebuild ? "full" : "incremental";
			RefreshOutcome outcome = new RefreshOutcome(view.summary(), mode, Optional.empty(), counts[0], counts[1],
					took);
			if (isDrained(outcome)) {
				RecordRefresh.record(jdbc, view.summary(), mode, took, counts[1]);
			}
			return Optional.of(outcome);
		});
		return result.value()
			.orElseGet(() -> RefreshOutcome.skipped(view.summary(), full ? "full" : "incremental",
					result.skipped().orElseThrow(), Duration.ofNanos(System.nanoTime() - started)));
	}

	private static long[] counts(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new long[] { rs.getLong("claimed"), rs.getLong("keys"), rs.getLong("removed"), rs.getLong("written") };
	}

}
