package com.lumiku.worker.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.bulk.BulkSettings;
import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code session-cleanup} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them (names, defaults, ranges) and is the
 * job's validator.
 *
 * @param keepExpiredFor sessions are kept this long after they expired
 * @param devicesInactiveFor devices whose {@code lastActive} is older go
 * @param parallelism page ranges deleted at once when a backlog is cleared
 * @param bulk the common bulk parameters
 */
record SessionCleanupParameters(Duration keepExpiredFor, Duration devicesInactiveFor, int parallelism,
		BulkSettings bulk) {

	/** Partitions at once: each holds two pool connections (default pool: 10). */
	static final int MAX_PARALLELISM = 4;

	static final JobDescriptor DECLARATION = new JobDescriptor(SessionCleanupJobConfiguration.NAME,
			"Delete expired sessions and long-inactive devices, in bounded batches",
			BulkSettings.withCommonParameters(List.of(
					ParameterSpec
						.optional("keepExpiredFor", ParameterType.DURATION, "0s",
								"Keep sessions this long after they expired (e.g. 30d)")
						.atLeast(Duration.ZERO),
					ParameterSpec
						.optional("devicesInactiveFor", ParameterType.DURATION, "180d",
								"Delete devices whose lastActive is older than this")
						.atLeast(Duration.ofDays(1)),
					ParameterSpec
						.optional("parallelism", ParameterType.LONG, "1",
								"Page ranges deleted at once when a backlog is cleared (each uses two connections)")
						.between(1, MAX_PARALLELISM)),
					"5000", "50ms", "15m"));

	static SessionCleanupParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new SessionCleanupParameters(values.duration("keepExpiredFor"), values.duration("devicesInactiveFor"),
				values.integer("parallelism"), BulkSettings.of(values));
	}

}
