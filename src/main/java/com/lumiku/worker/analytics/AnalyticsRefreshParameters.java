package com.lumiku.worker.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The parameters of an {@code analytics-refresh} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them, and {@link #VALIDATOR} (the job's
 * validator) also checks the two word-valued ones ({@code views}, {@code mode}), so a run
 * with an unknown view or mode is refused before it starts.
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

		static Mode parse(String text) {
			try {
				return valueOf(text.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"unknown mode '" + text + "'; known: incremental, concurrent, both, full");
			}
		}

	}

	static final JobDescriptor DECLARATION = new JobDescriptor(AnalyticsRefreshJobConfiguration.NAME,
			"Refresh the usage analytics: summaries incrementally, materialized views concurrently",
			List.of(ParameterSpec.optional("views", ParameterType.STRING, "all",
					"Comma-separated views to refresh, or all: " + AnalyticsView.known()),
					ParameterSpec.optional("mode", ParameterType.STRING, "both",
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

	static final JobParametersValidator VALIDATOR = (parameters) -> {
		DECLARATION.validate(parameters);
		try {
			bind(toMap(parameters));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobParametersException(
					"Invalid parameters for job '" + AnalyticsRefreshJobConfiguration.NAME + "': " + ex.getMessage());
		}
	};

	static AnalyticsRefreshParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		List<AnalyticsView> views;
		Mode mode;
		try {
			views = AnalyticsView.parse(text(jobParameters, "views"));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("parameter 'views': " + ex.getMessage(), ex);
		}
		try {
			mode = Mode.parse(text(jobParameters, "mode"));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("parameter 'mode': " + ex.getMessage(), ex);
		}
		return new AnalyticsRefreshParameters(views, mode, values.duration("refreshViewsOlderThan"),
				values.integer("batchSize"), values.duration("lockTimeout"), values.duration("statementTimeout"));
	}

	/** A STRING parameter as given, else its declared default. */
	private static String text(Map<String, ?> jobParameters, String name) {
		Object given = jobParameters.get(name);
		if (given != null) {
			return String.valueOf(given);
		}
		return DECLARATION.parameters()
			.stream()
			.filter((spec) -> spec.name().equals(name))
			.findFirst()
			.flatMap(ParameterSpec::defaultValue)
			.orElseThrow();
	}

	private static Map<String, Object> toMap(JobParameters parameters) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		parameters.parameters().forEach((parameter) -> map.put(parameter.name(), parameter.value()));
		return map;
	}

}
