package com.lumiku.worker.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.lumiku.worker.cluster.RecoverOrphanedRuns;
import com.lumiku.worker.observability.JobMetrics;
import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RestartRun;
import com.lumiku.worker.run.RunRequest;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * What a Quartz trigger of a {@code jobs/} schedule does when it fires: decide whether
 * this tick runs (catch-up limit, overlap policy, period already done) and run it through
 * {@link JobRuns}.
 *
 * <p>
 * {@link DisallowConcurrentExecution} makes Quartz's clustered store run at most one tick
 * of a job at a time across all processes. The run key is the tick's scheduled fire time,
 * the same on every node, so a period can never run twice. When a process dies mid-run,
 * Quartz fires a recovering trigger on another process with the original fire time: the
 * run key finds the orphaned execution, which is recovered and restarted from where it
 * stopped.
 */
@DisallowConcurrentExecution
public class ScheduledJobRunner implements Job {

	private static final Logger logger = LoggerFactory.getLogger(ScheduledJobRunner.class);

	private static final Duration POLL = Duration.ofSeconds(1);

	private final JobRuns runs;

	private final RestartRun restartRun;

	private final RecoverOrphanedRuns recovery;

	private final JobMetrics metrics;

	private final SchedulingProperties properties;

	private final JobCatalog catalog;

	public ScheduledJobRunner(JobRuns runs, RestartRun restartRun, RecoverOrphanedRuns recovery, JobMetrics metrics,
			SchedulingProperties properties, JobCatalog catalog) {
		this.catalog = catalog;
		this.runs = runs;
		this.restartRun = restartRun;
		this.recovery = recovery;
		this.metrics = metrics;
		this.properties = properties;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		String job = context.getJobDetail().getKey().getName();
		try {
			ScheduleData data = ScheduleData.from(job, context.getMergedJobDataMap());
			Optional<JobSchedule> schedule = this.catalog.schedule(job, data.fingerprint());
			if (schedule.isEmpty()) {
				logger.warn("Tick of {} not run: this process has no schedule file for it ({})", job, data.source());
				this.metrics.skipped(job, "no-schedule-file");
				return;
			}
			Instant scheduled = scheduledFireTime(context);
			runTick(job, schedule.get(), scheduled, context.isRecovering());
		}
		catch (JobConflictException ex) {
			logger.info("Tick of {} not run: {}", job, ex.getMessage());
			this.metrics.skipped(job, "conflict");
		}
		catch (Throwable ex) {
			logger.error("Scheduled run of {} failed: {}", job, ex.getMessage(), ex);
			throw new JobExecutionException(ex, false);
		}
	}

	private void runTick(String job, JobSchedule schedule, Instant scheduled, boolean recovering)
			throws InterruptedException {
		String runKey = scheduled.toString();
		if (schedule.misfirePolicy() == MisfirePolicy.CATCH_UP
				&& schedule.ticksBetween(scheduled, Instant.now()) > schedule.catchUpLimit()) {
			logger.info("Tick {} of {} is more than {} ticks late; skipped (catch-up limit)", runKey, job,
					schedule.catchUpLimit());
			this.metrics.skipped(job, "catch-up-limit");
			return;
		}
		Optional<JobExecution> previous = this.runs.lastExecution(job, runKey);
		if (previous.isPresent()) {
			resume(job, runKey, previous.get(), recovering);
			return;
		}
		if (!awaitNoOverlap(job, schedule)) {
			logger.info("Tick {} of {} skipped: a previous run is still going (overlap: skip)", runKey, job);
			this.metrics.skipped(job, "overlap");
			return;
		}
		this.runs.run(new RunRequest(job, schedule.parameters(), Optional.of(runKey), RunRequest.Origin.SCHEDULE));
	}

	/** The same period was started before: finish it if it did not complete. */
	private void resume(String job, String runKey, JobExecution previous, boolean recovering)
			throws InterruptedException {
		if (previous.getStatus() == BatchStatus.COMPLETED) {
			logger.info("Run {} of {} already completed (execution {}); not running it again", runKey, job,
					previous.getId());
			this.metrics.skipped(job, "already-completed");
			return;
		}
		JobExecution execution = previous;
		if (execution.isRunning()) {
			execution = awaitOrphaned(execution);
			if (execution.isRunning()) {
				logger.info("Run {} of {} is still running on a live worker; not running it twice", runKey, job);
				this.metrics.skipped(job, "running-elsewhere");
				return;
			}
		}
		if (execution.getStatus() == BatchStatus.ABANDONED) {
			this.metrics.skipped(job, "abandoned");
			return;
		}
		logger.info("Resuming run {} of {} from execution {} ({}{})", runKey, job, execution.getId(),
				execution.getStatus(), recovering ? ", recovering a dead worker's tick" : "");
		this.restartRun.restart(execution.getId());
	}

	/**
	 * Waits (bounded) until nothing runs a running execution any more (its worker is dead
	 * by the database clock, or it is this worker's and its thread is gone) and recovers
	 * it. Returns the fresh execution state.
	 */
	private JobExecution awaitOrphaned(JobExecution execution) throws InterruptedException {
		Instant deadline = Instant.now().plus(this.properties.workerStaleAfter()).plus(Duration.ofSeconds(10));
		JobExecution current = execution;
		while (current.isRunning() && Instant.now().isBefore(deadline)) {
			if (this.recovery.recoverIfOrphaned(current.getId())) {
				return this.runs.require(current.getId());
			}
			Thread.sleep(POLL.toMillis());
			current = this.runs.require(current.getId());
		}
		return current;
	}

	/**
	 * Applies the overlap policy. Returns true when the tick may run now.
	 */
	private boolean awaitNoOverlap(String job, JobSchedule schedule) throws InterruptedException {
		this.recovery.recover(job);
		if (this.runs.running(job).isEmpty()) {
			return true;
		}
		if (schedule.overlapPolicy() == OverlapPolicy.SKIP) {
			return false;
		}
		Instant deadline = Instant.now().plus(schedule.stopAfter());
		while (!this.runs.running(job).isEmpty()) {
			if (Instant.now().isAfter(deadline)) {
				return false;
			}
			Thread.sleep(POLL.toMillis());
		}
		return true;
	}

	private static Instant scheduledFireTime(JobExecutionContext context) {
		if (context.isRecovering()) {
			String original = context.getMergedJobDataMap()
				.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
			if (original != null) {
				return Instant.ofEpochMilli(Long.parseLong(original));
			}
		}
		Date scheduled = (context.getScheduledFireTime() != null) ? context.getScheduledFireTime()
				: context.getFireTime();
		return scheduled.toInstant();
	}

}
