package com.lumiku.worker.scheduling;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduling settings ({@code lumiku.scheduling.*}).
 *
 * @param jobsDirectory directory of the schedule files, one YAML file per job
 * ({@code LUMIKU_JOBS_DIR}, default {@code jobs})
 * @param heartbeatInterval how often every worker refreshes its liveness row
 * @param workerStaleAfter a worker whose heartbeat is older than this is dead; its
 * running executions are made restartable. Must exceed the heartbeat interval several
 * times over
 * @param maintenanceInterval how often a daemon looks for dead workers' executions and
 * for runs over their maximum run time
 * @param shutdownGrace how long a stopping daemon waits for its running jobs to reach a
 * chunk boundary and stop cleanly
 */
@ConfigurationProperties("lumiku.scheduling")
public record SchedulingProperties(@DefaultValue("jobs") Path jobsDirectory,
		@DefaultValue("3s") Duration heartbeatInterval, @DefaultValue("20s") Duration workerStaleAfter,
		@DefaultValue("5s") Duration maintenanceInterval, @DefaultValue("25s") Duration shutdownGrace) {

	public SchedulingProperties {
		if (workerStaleAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
			throw new IllegalArgumentException("lumiku.scheduling.worker-stale-after (" + workerStaleAfter
					+ ") must be at least 3 x lumiku.scheduling.heartbeat-interval (" + heartbeatInterval
					+ "), or live workers would be declared dead");
		}
	}

}
