package com.lumiku.worker.scheduling;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * One validated schedule file of {@code jobs/}.
 *
 * @param jobName the job
 * @param cron Quartz cron expression (seconds first)
 * @param timeZone the zone the cron is read in
 * @param enabled whether the schedule fires
 * @param parameters default parameters of its runs (validated)
 * @param misfirePolicy what to do with missed ticks
 * @param catchUpLimit how many missed ticks {@link MisfirePolicy#CATCH_UP} runs
 * @param overlapPolicy what a tick does while the previous run goes on
 * @param maxRunTime a run longer than this is asked to stop
 * @param description one line for the operator
 * @param source the file it came from
 */
public record JobSchedule(String jobName, String cron, ZoneId timeZone, boolean enabled, Map<String, String> parameters,
		MisfirePolicy misfirePolicy, int catchUpLimit, OverlapPolicy overlapPolicy, Duration maxRunTime,
		String description, Path source) {

	public JobSchedule {
		parameters = Map.copyOf(parameters);
	}

}
