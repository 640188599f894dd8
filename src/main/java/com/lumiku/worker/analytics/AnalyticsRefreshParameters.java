package com.lumiku.worker.analytics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of an {@code analytics-refresh} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them and is the job's validator:
 * {@code views} and {@code mode} are declared as words of a fixed set, so an unknown view
 * or mode is refused like any bad parameter, before a run is launched and when a
 * {@code jobs/} file is loaded.
 *
 * @param views the views to refresh
 * @param mode what to do to them
 * @param refreshViewsOlderThan a materialized view refreshed more recently is left alone
 * @param batchSize dirty-key rows per incremental transaction
 * @param lockTimeout {@code lock_timeout} of each refresh transaction
 * @param statementTimeout {@code statement_timeout} of each refresh transaction
 */
record AnalyticsRefreshParameters(List<AnalyticsView> views, Mode mode, Duration refreshViewsOlderThan, int batchSize,
		Duration lockTimeout, Duration statementTimeout) {

	/** What a run does to each view. */
	enum Mode {

		/** Summary tables: recompute the dirty keys only. */
		INCREMENTAL(true, false, false),
		/** Materialized views: REFRESH ... CONCURRENTLY. */
		CONCURRENT(false, true, false),
		/** Both of the above (the schedule's default). */
		BOTH(true, true, false),
		/** Rebuild the summaries whole and REFRESH the views without CONCURRENTLY. */
		FULL(false, false, true);

		final boolean incremental;

		final boolean concurrent;

		final boolean full;

		Mode(boolean incremental, boolean concurrent, boolean full) {
			this.incremental = incremental;
			this.concurrent = concurrent;
			this.full = full;
		}

		/** The word a run gives for this mode: {@code incremental}, {@code full}, ... */
		String word() {
			return name().toLowerCase(Locale.ROOT);
		}

		static List<String> words() {
			return Arrays.stream(values()).map(Mode::word).toList();
		}

		static Mode of(String word) {
			return valueOf(word.toUpperCase(Locale.ROOT));
		}

	}

	static final JobDescriptor DECLARATION = new JobDescriptor(AnalyticsRefreshJobConfiguration.NAME,
			"Refresh the usage analytics: summaries incrementally, materialized views concurrently",
			List.of(ParameterSpec.someOf("views", AnalyticsView.names(), "all", "Views to refresh"),
					ParameterSpec.oneOf("mode", Mode.words(), "both",
							"incremental (summaries, changed keys only), concurrent (materialized views, REFRESH"
									+ " CONCURRENTLY), both, or full (rebuild summaries, plain REFRESH)"),
					ParameterSpec
						.optional("refreshViewsOlderThan", ParameterType.DURATION, "0s",
								"A materialized view refreshed more recently than this is left alone")
						.atLeast(Duration.ZERO),
					ParameterSpec
						.optional("batchSize", ParameterType.LONG, "50000",
								"Dirty-key rows taken per incremental transaction")
						.between(1, 1_000_000),
					ParameterSpec
						.optional("lockTimeout", ParameterType.DURATION, "5s",
								"lock_timeout of each refresh transaction (a wait beyond it skips the view)")
						.between(Duration.ofMillis(1), Duration.ofHours(1)),
					ParameterSpec
						.optional("statementTimeout", ParameterType.DURATION, "30m",
								"statement_timeout of each refresh transaction (beyond it the run fails)")
						.between(Duration.ofSeconds(1), Duration.ofHours(24))));

	static AnalyticsRefreshParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new AnalyticsRefreshParameters(AnalyticsView.named(values.choices("views")),
				Mode.of(values.choice("mode")), values.duration("refreshViewsOlderThan"), values.integer("batchSize"),
				values.duration("lockTimeout"), values.duration("statementTimeout"));
	}

}
