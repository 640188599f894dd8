package com.lumiku.worker.observability;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;

import com.lumiku.worker.scheduling.JobSchedule;
import org.quartz.CronExpression;

/**
 * When a scheduled job must have succeeded again at the latest: the first tick of its
 * cron (read in its time zone, so daylight saving time shifts as Quartz does) after its
 * last success, or after its schedule was put in force when that is later (a job never
 * run yet, a cron that changed, a schedule enabled again), plus the schedule's
 * {@code stopAfter}, the time a run of that tick may take. A run in progress is therefore
 * on time until its tick's {@code stopAfter} has passed, and an hourly and a daily job
 * are judged by the same rule.
 *
 * @param dueBy the latest time of the next success; empty when the cron has no tick left
 * (a one-off cron in the past)
 * @param paused whether an operator paused the schedule: a paused schedule is never
 * overdue
 */
record ExpectedSuccess(Optional<Instant> dueBy, boolean paused) {

	/**
	 * The allowance of a schedule whose file this process lacks: the files' default
	 * stopAfter.
	 */
	static final Duration DEFAULT_ALLOWANCE = Duration.ofHours(1);

	/**
	 * Computes the next expected success of a schedule.
	 * @param schedule the schedule in force
	 * @param lastSuccess end of the job's newest COMPLETED run, cluster-wide, if any
	 * @param inForceSince when the schedule's trigger was created in the Quartz store
	 * @param paused whether the trigger is paused
	 * @return when the next success is due
	 */
	static ExpectedSuccess of(JobSchedule schedule, Optional<Instant> lastSuccess, Instant inForceSince,
			boolean paused) {
		return of(schedule.cron(), schedule.timeZone(), schedule.stopAfter(), lastSuccess, inForceSince, paused);
	}

	/**
	 * Computes the next expected success of a cron as Quartz fires it.
	 * @param cron the Quartz cron expression in force
	 * @param timeZone the zone it is read in
	 * @param allowance how long after a tick its run may still be going: the schedule's
	 * {@code stopAfter} ({@link #DEFAULT_ALLOWANCE} when this process has no file for it)
	 * @param lastSuccess end of the job's newest COMPLETED run, cluster-wide, if any
	 * @param inForceSince when the schedule's trigger was created in the Quartz store
	 * @param paused whether the trigger is paused
	 * @return when the next success is due
	 */
	static ExpectedSuccess of(String cron, ZoneId timeZone, Duration allowance, Optional<Instant> lastSuccess,
			Instant inForceSince, boolean paused) {
		Instant reference = lastSuccess.filter((success) -> success.isAfter(inForceSince)).orElse(inForceSince);
		return new ExpectedSuccess(nextTick(cron, timeZone, reference).map((tick) -> tick.plus(allowance)), paused);
	}

	/**
	 * How late the next success is.
	 * @param now the current time
	 * @return seconds past {@link #dueBy()}; 0 when on time, paused, or without a tick
	 */
	double overdueSeconds(Instant now) {
		if (this.paused || this.dueBy.isEmpty() || !now.isAfter(this.dueBy.get())) {
			return 0;
		}
		return Duration.between(this.dueBy.get(), now).toMillis() / 1000.0;
	}

	/** {@link #dueBy()} as Unix seconds; NaN without a tick. */
	double dueByEpochSeconds() {
		return this.dueBy.map((due) -> due.toEpochMilli() / 1000.0).orElse(Double.NaN);
	}

	private static Optional<Instant> nextTick(String cron, ZoneId timeZone, Instant after) {
		try {
			CronExpression expression = new CronExpression(cron);
			expression.setTimeZone(TimeZone.getTimeZone(timeZone));
			return Optional.ofNullable(expression.getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Cron '" + cron + "' no longer parses: " + ex.getMessage(), ex);
		}
	}

}
