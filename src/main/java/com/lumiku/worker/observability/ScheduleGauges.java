package com.lumiku.worker.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.ScheduleData;
import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The missed-schedule signal, per job:
 * {@code lumiku_job_next_expected_success_timestamp_seconds},
 * {@code lumiku_job_schedule_overdue_seconds} and {@code lumiku_job_schedule_paused}
 * ({@link ExpectedSuccess} says how the due time is computed). Read from the clustered
 * Quartz store (when the trigger was created, whether it is paused) and the Spring Batch
 * repository (last success), so every process reports the same values; cached a few
 * seconds so a scrape costs at most one round of queries.
 *
 * <p>
 * The cron and its time zone are the Quartz trigger's (what fires, cluster-wide); the
 * allowance is the stopAfter of the schedule in force.
 *
 * <p>
 * A job without an enabled schedule reports NaN as its next expected success, 0 overdue
 * and 0 paused; while the database cannot be read all three are NaN.
 */
@Component
class ScheduleGauges {

	private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(ScheduleGauges.class);

	/** The gauges' values of one job. */
	record ScheduleState(double dueByEpochSeconds, double overdueSeconds, double paused) {

		static final ScheduleState UNSCHEDULED = new ScheduleState(Double.NaN, 0, 0);

		static final ScheduleState UNKNOWN = new ScheduleState(Double.NaN, Double.NaN, Double.NaN);

	}

	private record Snapshot(Map<String, ScheduleState> states) {
	}

	private final JobCatalog catalog;

	private final JobMetrics metrics;

	private final Scheduler scheduler;

	private final Clock clock;

	private final CachedReading<Snapshot> snapshot = new CachedReading<>(SNAPSHOT_TTL, this::readSnapshot);

	ScheduleGauges(JobCatalog catalog, JobMetrics metrics, Scheduler scheduler, ObjectProvider<Clock> clock) {
		this.catalog = catalog;
		this.metrics = metrics;
		this.scheduler = scheduler;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Registers the three gauges of a job. */
	void registerJob(MeterRegistry registry, String job) {
		Gauge
			.builder("lumiku_job_next_expected_success_timestamp_seconds", this,
					(gauges) -> gauges.state(job).dueByEpochSeconds())
			.tag("job_name", job)
			.description("Latest time (Unix seconds) the job's next successful run is due: the first cron tick after"
					+ " its last success (or after its schedule took force) plus the schedule's stopAfter")
			.register(registry);
		Gauge.builder("lumiku_job_schedule_overdue_seconds", this, (gauges) -> gauges.state(job).overdueSeconds())
			.tag("job_name", job)
			.description("Seconds the job's next successful run is past due; 0 when on time or paused")
			.register(registry);
		Gauge.builder("lumiku_job_schedule_paused", this, (gauges) -> gauges.state(job).paused())
			.tag("job_name", job)
			.description("1 when an operator paused the job's schedule, else 0")
			.register(registry);
	}

	ScheduleState state(String job) {
		Snapshot current = this.snapshot.get();
		return current.states().getOrDefault(job, ScheduleState.UNKNOWN);
	}

	private Snapshot readSnapshot() {
		Map<String, ScheduleState> states = new ConcurrentHashMap<>();
		Instant now = this.clock.instant();
		for (JobCatalog.Entry entry : this.catalog.entries()) {
			states.put(entry.name(), read(entry.name(), now));
		}
		return new Snapshot(states);
	}

	/**
	 * The stopAfter of the schedule in force: the loaded file's, read again when another
	 * node applied a newer one (its fingerprint is in the Quartz job's data, as a firing
	 * tick does).
	 */
	private Duration allowance(String job, CronTrigger trigger) throws SchedulerException {
		JobDetail detail = this.scheduler.getJobDetail(trigger.getJobKey());
		Optional<String> fingerprint = (detail != null) ? ScheduleData.from(job, detail.getJobDataMap()).fingerprint()
				: Optional.empty();
		return this.catalog.schedule(job, fingerprint)
			.map(JobSchedule::stopAfter)
			.orElse(ExpectedSuccess.DEFAULT_ALLOWANCE);
	}

	private ScheduleState read(String job, Instant now) {
		try {
			TriggerKey key = TriggerKey.triggerKey(job, ScheduleSynchronizer.GROUP);
			if (!(this.scheduler.getTrigger(key) instanceof CronTrigger trigger)) {
				return ScheduleState.UNSCHEDULED;
			}
			double lastSuccess = this.metrics.state(job).lastSuccessEpochSeconds();
			if (Double.isNaN(lastSuccess)) {
				return ScheduleState.UNKNOWN;
			}
			boolean paused = this.scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED;
			Optional<Instant> success = (lastSuccess > 0)
					? Optional.of(Instant.ofEpochMilli(Math.round(lastSuccess * 1000))) : Optional.empty();
			ExpectedSuccess expected = ExpectedSuccess.of(trigger.getCronExpression(), trigger.getTimeZone().toZoneId(),
					allowance(job, trigger), success, trigger.getStartTime().toInstant(), paused);
			return new ScheduleState(expected.dueByEpochSeconds(), expected.overdueSeconds(now), paused ? 1 : 0);
		}
		catch (SchedulerException | RuntimeException ex) {
			// the Quartz store or the files cannot be read: report NaN, not made-up
			// numbers
			logger.debug("Schedule state of {} unreadable: {}", job, ex.getMessage());
			return ScheduleState.UNKNOWN;
		}
	}

}
