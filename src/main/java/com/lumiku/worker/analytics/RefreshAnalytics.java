package com.lumiku.worker.analytics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The step of {@code analytics-refresh}: one unit of work per call (an incremental batch
 * of one summary, a rebuild, or one materialized view refresh), each committed in its own
 * transaction, so a stop request is honoured between units and a failed run restarts from
 * what the database says is left (the dirty keys), not from a cursor.
 */
class RefreshAnalytics implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(RefreshAnalytics.class);

	private enum Kind {

		INCREMENTAL, REBUILD, CONCURRENT, PLAIN

	}

	private record Unit(AnalyticsView view, Kind kind) {
	}

	private final AnalyticsRefreshParameters parameters;

	private final JdbcTemplate jdbc;

	private final RefreshSummary summaries;

	private final RefreshMaterializedView views;

	private final AnalyticsMetrics metrics;

	private final Deque<Unit> units = new ArrayDeque<>();

	private final List<String> done = new ArrayList<>();

	private long incrementalKeys;

	RefreshAnalytics(AnalyticsRefreshParameters parameters, JdbcTemplate jdbc, RefreshSummary summaries,
			RefreshMaterializedView views, AnalyticsMetrics metrics) {
		this.parameters = parameters;
		this.jdbc = jdbc;
		this.summaries = summaries;
		this.views = views;
		this.metrics = metrics;
		var mode = parameters.mode();
		for (AnalyticsView view : parameters.views()) {
			if (mode.incremental || mode.full) {
				this.units.add(new Unit(view, mode.full ? Kind.REBUILD : Kind.INCREMENTAL));
			}
			if (mode.concurrent || mode.full) {
				this.units.add(new Unit(view, mode.full ? Kind.PLAIN : Kind.CONCURRENT));
			}
		}
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Unit unit = this.units.peek();
		if (unit == null) {
			return finish(contribution);
		}
		RefreshOutcome outcome = switch (unit.kind()) {
			case INCREMENTAL -> this.summaries.incrementalBatch(unit.view());
			case REBUILD -> this.summaries.rebuild(unit.view());
			case CONCURRENT, PLAIN -> refreshView(unit);
		};
		if (outcome == null) {
			this.units.poll();
			return RepeatStatus.CONTINUABLE;
		}
		this.metrics.record(outcome);
		contribution.incrementWriteCount(outcome.keys());
		if (outcome.mode().equals("incremental")) {
			this.incrementalKeys += outcome.keys();
		}
		boolean unitDone = unit.kind() != Kind.INCREMENTAL || this.summaries.isDrained(outcome);
		if (unitDone) {
			this.units.poll();
			this.done.add(describe(outcome, unit.kind() == Kind.INCREMENTAL ? this.incrementalKeys : outcome.keys()));
			this.incrementalKeys = 0;
		}
		return RepeatStatus.CONTINUABLE;
	}

	/** The view's refresh, or null when it was refreshed recently enough. */
	private RefreshOutcome refreshView(Unit unit) {
		String name = unit.view().materializedView();
		if (!this.parameters.refreshViewsOlderThan().isZero()
				&& RecordRefresh.refreshedWithin(this.jdbc, name, this.parameters.refreshViewsOlderThan())) {
			logger.debug("{} was refreshed within {}; left alone", name, this.parameters.refreshViewsOlderThan());
			this.done.add(name + ": fresh");
			return null;
		}
		return this.views.refresh(unit.view(), unit.kind() == Kind.CONCURRENT);
	}

	private RepeatStatus finish(StepContribution contribution) {
		String summary = String.join("; ", this.done);
		logger.info("analytics refreshed: {}", summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

	private static String describe(RefreshOutcome outcome, long keys) {
		if (outcome.skipped().isPresent()) {
			logger.info("{} ({}) skipped: {}", outcome.view(), outcome.mode(), outcome.skipped().get());
			return outcome.view() + ": skipped (" + outcome.skipped().get() + ")";
		}
		String seconds = String.format(Locale.ROOT, "%.3fs", outcome.took().toNanos() / 1e9);
		return switch (outcome.mode()) {
			case "incremental" -> outcome.view() + ": " + keys + " keys recomputed";
			case "full" -> outcome.view() + ": rebuilt in " + seconds;
			default -> outcome.view() + ": refreshed " + outcome.mode() + "ly in " + seconds;
		};
	}

}
