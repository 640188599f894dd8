package com.lumiku.worker.scheduling;

import java.util.Optional;

import org.quartz.JobDataMap;

/**
 * What the Quartz job of a {@code jobs/} schedule keeps in its data map: which schedule
 * it is, not its definition. A firing trigger takes the parameters and policies from the
 * {@link JobCatalog}'s loaded schedule; the fingerprint tells a node whose loaded
 * schedule is older than the one in force (a reload on another node) to read its files
 * again.
 *
 * @param jobName the job
 * @param source the schedule file (for the logs)
 * @param fingerprint {@link JobSchedule#fingerprint()} of the schedule in force
 */
public record ScheduleData(String jobName, String source, Optional<String> fingerprint) {

	static ScheduleData of(JobSchedule schedule) {
		return new ScheduleData(schedule.jobName(), String.valueOf(schedule.source()),
				Optional.of(schedule.fingerprint()));
	}

	JobDataMap toJobDataMap() {
		JobDataMap data = new JobDataMap();
		data.put("job", this.jobName);
		data.put("source", this.source);
		this.fingerprint.ifPresent((value) -> data.put("fingerprint", value));
		return data;
	}

	/**
	 * The data of a stored Quartz job (one stored by an older version has no
	 * fingerprint).
	 */
	public static ScheduleData from(String jobName, JobDataMap data) {
		return new ScheduleData(jobName, String.valueOf(data.getString("source")),
				Optional.ofNullable(data.getString("fingerprint")));
	}

}
