package com.lumiku.worker.run;

import java.util.Map;
import java.util.Optional;

/**
 * A request to run a job once.
 *
 * @param jobName the job
 * @param parameters raw parameter values, validated against the job's declared parameters
 * @param runKey the business key that identifies the run (the logical period); a run key
 * that already completed is refused. Empty for a manual run without one: a fresh key is
 * made
 * @param origin who asked
 */
public record RunRequest(String jobName, Map<String, String> parameters, Optional<String> runKey, Origin origin) {

	/** Who started a run. */
	public enum Origin {

		/** A Quartz trigger of a {@code jobs/} schedule. */
		SCHEDULE,

		/** An operator, through the CLI or the HTTP API. */
		MANUAL

	}

	public RunRequest {
		parameters = Map.copyOf(parameters);
	}

	public static RunRequest manual(String jobName, Map<String, String> parameters) {
		return new RunRequest(jobName, parameters, Optional.empty(), Origin.MANUAL);
	}

}
