package com.lumiku.worker.operator;

import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.stereotype.Component;

/**
 * Pauses and resumes a job's schedule in Quartz's clustered store, so for the whole
 * cluster (running executions go on).
 */
@Component
class PauseSchedules {

	private final Scheduler scheduler;

	PauseSchedules(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	void pause(String job) {
		try {
			this.scheduler.pauseJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz store: " + ex.getMessage(), ex);
		}
	}

	void resume(String job) {
		try {
			this.scheduler.resumeJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz store: " + ex.getMessage(), ex);
		}
	}

}
