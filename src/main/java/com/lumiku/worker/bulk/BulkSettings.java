package com.lumiku.worker.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;
import com.lumiku.worker.run.ParameterValues;

/**
 * How a bulk step works through its rows: the part of a bulk job's parameter record that
 * every bulk job declares ({@link #withCommonParameters}) and binds ({@link #of}). The
 * ranges are the declaration's; they are not checked again here.
 *
 * @param batchSize rows per transaction
 * @param pause pause between two batches, so the app's own queries get the table
 * @param maxRunTime the step ends (COMPLETED, with the rows left reported) once it has
 * run this long; the next run carries on
 * @param lockTimeout longest wait for a lock before a batch gives up and is retried
 * @param statementTimeout longest a batch statement may run
 * @param dryRun count what would change, change nothing
 */
public record BulkSettings(int batchSize, Duration pause, Duration maxRunTime, Duration lockTimeout,
		Duration statementTimeout, boolean dryRun) {

	/** Largest batch: about a second of row locks on this kind of hardware. */
	public static final int MAX_BATCH_SIZE = 100_000;

	/** Longest pause between two batches. */
	public static final Duration MAX_PAUSE = Duration.ofMinutes(10);

	/** Lock wait of a batch: short, so the app is never queued behind the worker. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);

	/** Run time of one batch statement. */
	public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * A bulk job's parameters: its own, then the four every bulk job takes.
	 * @param own the job's own parameters
	 * @param batchSize default rows per transaction
	 * @param pause default pause between batches
	 * @param maxRunTime default maximum run time
	 * @return the declared parameters
	 */
	public static List<ParameterSpec> withCommonParameters(List<ParameterSpec> own, String batchSize, String pause,
			String maxRunTime) {
		List<ParameterSpec> all = new ArrayList<>(own);
		all.add(ParameterSpec.optional("batchSize", ParameterType.LONG, batchSize, "Rows per transaction")
			.between(1, MAX_BATCH_SIZE));
		all.add(ParameterSpec.optional("pause", ParameterType.DURATION, pause, "Pause between batches")
			.between(Duration.ZERO, MAX_PAUSE));
		all.add(ParameterSpec
			.optional("maxRunTime", ParameterType.DURATION, maxRunTime,
					"The step completes after this long, reporting the rows left; the next run carries on"
							+ " (the schedule's stopAfter stops a run instead)")
			.between(Duration.ofSeconds(1), Duration.ofDays(1)));
		all.add(ParameterSpec.optional("dryRun", ParameterType.BOOLEAN, "false",
				"Count what would change, change nothing"));
		return List.copyOf(all);
	}

	/**
	 * The settings of a run, from its bound parameters.
	 * @param values the run's parameters, declared with {@link #withCommonParameters}
	 * @return the settings with the default lock and statement timeouts
	 */
	public static BulkSettings of(ParameterValues values) {
		return new BulkSettings(values.integer("batchSize"), values.duration("pause"), values.duration("maxRunTime"),
				DEFAULT_LOCK_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, values.flag("dryRun"));
	}

}
