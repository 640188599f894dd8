package com.lumiku.worker.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.scheduling.ParameterSpec;
import com.lumiku.worker.scheduling.ParameterType;

/**
 * How a bulk step works through its rows.
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

	/** Lock wait of a batch: short, so the app is never queued behind the worker. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);

	/** Run time of one batch statement. */
	public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

	public BulkSettings {
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException("batchSize must be from 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
		}
		if (pause.isNegative() || maxRunTime.isNegative() || maxRunTime.isZero()) {
			throw new IllegalArgumentException("pause must be >= 0 and maxRunTime > 0");
		}
	}

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
			.between(Duration.ZERO, Duration.ofMinutes(10)));
		all.add(ParameterSpec
			.optional("maxRunTime", ParameterType.DURATION, maxRunTime,
					"Stop after this long (COMPLETED; the next run carries on)")
			.between(Duration.ofSeconds(1), Duration.ofDays(1)));
		all.add(ParameterSpec.optional("dryRun", ParameterType.BOOLEAN, "false",
				"Count what would change, change nothing"));
		return List.copyOf(all);
	}

	/**
	 * Settings from a step's job parameters ({@code #{jobParameters}}, as {@code JobRuns}
	 * passes them).
	 * @param jobParameters the values by name
	 * @return the settings with the default lock and statement timeouts
	 */
	public static BulkSettings of(Map<String, Object> jobParameters) {
		return of((Long) jobParameters.get("batchSize"), (String) jobParameters.get("pause"),
				(String) jobParameters.get("maxRunTime"), (String) jobParameters.get("dryRun"));
	}

	/**
	 * Settings from a step's job parameters (as {@code JobRuns} passes them).
	 * @param batchSize the {@code batchSize} parameter
	 * @param pause the {@code pause} parameter (ISO-8601)
	 * @param maxRunTime the {@code maxRunTime} parameter (ISO-8601)
	 * @param dryRun the {@code dryRun} parameter ({@code true}/{@code false})
	 * @return the settings with the default lock and statement timeouts
	 */
	public static BulkSettings of(Long batchSize, String pause, String maxRunTime, String dryRun) {
		return new BulkSettings(Math.toIntExact(batchSize), Duration.parse(pause), Duration.parse(maxRunTime),
				DEFAULT_LOCK_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, Boolean.parseBoolean(dryRun));
	}

}
