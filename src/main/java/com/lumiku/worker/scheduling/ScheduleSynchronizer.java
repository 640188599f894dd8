package com.lumiku.worker.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import com.lumiku.worker.run.JobCatalog;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Makes the Quartz store match the {@code jobs/} files: one durable, recoverable Quartz
 * job and one cron trigger per enabled schedule, none for a disabled or missing one. A
 * trigger whose definition did not change is left alone (its next fire time and paused
 * state are kept); a changed one is rescheduled and stays paused if an operator paused
 * it.
 */
@Component
public class ScheduleSynchronizer {

	/** Quartz group of every worker job and trigger. */
	public static final String GROUP = "lumiku";

	/** Advisory lock key serialising schedule synchronisation across the cluster. */
	private static final long SYNCHRONIZATION_LOCK = 0x4c756d696b7553L;

	private static final Logger logger = LoggerFactory.getLogger(ScheduleSynchronizer.class);

	private final Scheduler scheduler;

	private final JobCatalog catalog;

	private final DataSource dataSource;

	public ScheduleSynchronizer(Scheduler scheduler, JobCatalog catalog, DataSource dataSource) {
		this.scheduler = scheduler;
		this.dataSource = dataSource;
		this.catalog = catalog;
	}

	/**
	 * Loads and validates every schedule file.
	 * @return the schedules
	 * @throws InvalidJobFilesException listing every problem as
	 * {@code file:line: message}
	 */
	public List<JobSchedule> load() {
		return this.catalog.loadSchedules();
	}

	/**
	 * Loads the files and applies them. On invalid files nothing changes and the problems
	 * are thrown.
	 * @return the schedules now in force
	 */
	public synchronized List<JobSchedule> reload() {
		List<JobSchedule> schedules = load();
		apply(schedules);
		this.catalog.useSchedules(schedules);
		return schedules;
	}

	/**
	 * Applies schedules to the Quartz store.
	 * @param schedules the validated schedules
	 */
	public synchronized void apply(List<JobSchedule> schedules) {
		// Workers starting together would otherwise race to store the same trigger; the
		// lock lives as long as this transaction, so a crashed worker cannot keep it.
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
				lock.setLong(1, SYNCHRONIZATION_LOCK);
				lock.execute();
				applyLocked(schedules);
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not lock the schedules for synchronisation: " + ex.getMessage(), ex);
		}
	}

	private void applyLocked(List<JobSchedule> schedules) {
		Map<String, JobSchedule> byJob = schedules.stream()
			.collect(Collectors.toMap(JobSchedule::jobName, Function.identity()));
		try {
			for (JobCatalog.Entry entry : this.catalog.entries()) {
				Optional<JobSchedule> schedule = Optional.ofNullable(byJob.get(entry.name()))
					.filter(JobSchedule::enabled);
				if (schedule.isPresent()) {
					schedule(entry.name(), schedule.get());
				}
				else {
					unschedule(entry.name());
				}
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not apply the schedules to Quartz: " + ex.getMessage(), ex);
		}
	}

	private void schedule(String job, JobSchedule schedule) throws SchedulerException {
		JobKey jobKey = JobKey.jobKey(job, GROUP);
		JobDetail detail = JobBuilder.newJob(ScheduledJobRunner.class)
			.withIdentity(jobKey)
			.withDescription(schedule.description())
			.usingJobData(ScheduleData.of(schedule).toJobDataMap())
			.storeDurably()
			.requestRecovery()
			.build();
		this.scheduler.addJob(detail, true, true);
		CronTrigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(TriggerKey.triggerKey(job, GROUP))
			.forJob(jobKey)
			.withSchedule(cronSchedule(schedule))
			.build();
		Trigger existing = this.scheduler.getTrigger(trigger.getKey());
		if (existing == null) {
			this.scheduler.scheduleJob(trigger);
			logger.info("Scheduled {}: '{}' in {}", job, schedule.cron(), schedule.timeZone());
		}
		else if (!sameDefinition(existing, trigger)) {
			boolean paused = this.scheduler.getTriggerState(trigger.getKey()) == Trigger.TriggerState.PAUSED;
			this.scheduler.rescheduleJob(trigger.getKey(), trigger);
			if (paused) {
				this.scheduler.pauseTrigger(trigger.getKey());
			}
			logger.info("Rescheduled {}: '{}' in {}{}", job, schedule.cron(), schedule.timeZone(),
					paused ? " (still paused)" : "");
		}
	}

	private void unschedule(String job) throws SchedulerException {
		if (this.scheduler.checkExists(JobKey.jobKey(job, GROUP))) {
			this.scheduler.deleteJob(JobKey.jobKey(job, GROUP));
			logger.info("Unscheduled {} (no enabled schedule file)", job);
		}
	}

	private static CronScheduleBuilder cronSchedule(JobSchedule schedule) {
		CronScheduleBuilder builder = CronScheduleBuilder.cronSchedule(schedule.cron())
			.inTimeZone(TimeZone.getTimeZone(schedule.timeZone()));
		return switch (schedule.misfirePolicy()) {
			case SKIP -> builder.withMisfireHandlingInstructionDoNothing();
			case FIRE_ONCE -> builder.withMisfireHandlingInstructionFireAndProceed();
			case CATCH_UP -> builder.withMisfireHandlingInstructionIgnoreMisfires();
		};
	}

	private static boolean sameDefinition(Trigger existing, CronTrigger wanted) {
		return existing instanceof CronTrigger cron && cron.getCronExpression().equals(wanted.getCronExpression())
				&& Objects.equals(cron.getTimeZone().getID(), wanted.getTimeZone().getID())
				&& cron.getMisfireInstruction() == wanted.getMisfireInstruction();
	}

}
