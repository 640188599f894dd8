package com.lumiku.worker.scheduling;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

import org.quartz.CronExpression;
import org.quartz.JobDataMap;

/**
 * The part of a {@link JobSchedule} a firing trigger needs, kept in the Quartz job's data
 * map so that every node of the cluster fires with the same, current definition (a reload
 * on one node is seen by all).
 */
record ScheduleData(String cron, ZoneId timeZone, Map<String, String> parameters, MisfirePolicy misfirePolicy,
		int catchUpLimit, OverlapPolicy overlapPolicy, Duration maxRunTime) {

	private static final String PARAMETER_PREFIX = "param.";

	static ScheduleData of(JobSchedule schedule) {
		return new ScheduleData(schedule.cron(), schedule.timeZone(), schedule.parameters(), schedule.misfirePolicy(),
				schedule.catchUpLimit(), schedule.overlapPolicy(), schedule.maxRunTime());
	}

	JobDataMap toJobDataMap() {
		JobDataMap data = new JobDataMap();
		data.put("cron", this.cron);
		data.put("timeZone", this.timeZone.getId());
		data.put("misfire", this.misfirePolicy.name());
		data.put("catchUpLimit", Integer.toString(this.catchUpLimit));
		data.put("overlap", this.overlapPolicy.name());
		data.put("maxRunTime", this.maxRunTime.toString());
		this.parameters.forEach((name, value) -> data.put(PARAMETER_PREFIX + name, value));
		return data;
	}

	static ScheduleData from(JobDataMap data) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String key : data.getKeys()) {
			if (key.startsWith(PARAMETER_PREFIX)) {
				parameters.put(key.substring(PARAMETER_PREFIX.length()), data.getString(key));
			}
		}
		return new ScheduleData(data.getString("cron"), ZoneId.of(data.getString("timeZone")), parameters,
				MisfirePolicy.valueOf(data.getString("misfire")), Integer.parseInt(data.getString("catchUpLimit")),
				OverlapPolicy.valueOf(data.getString("overlap")), Duration.parse(data.getString("maxRunTime")));
	}

	/**
	 * How many ticks of the cron fall after {@code from} up to {@code to} (capped at
	 * 10,000).
	 */
	long ticksBetween(Instant from, Instant to) {
		try {
			CronExpression expression = new CronExpression(this.cron);
			expression.setTimeZone(TimeZone.getTimeZone(this.timeZone));
			long ticks = 0;
			Date next = expression.getNextValidTimeAfter(Date.from(from));
			while (next != null && !next.toInstant().isAfter(to) && ticks < 10_000) {
				ticks++;
				next = expression.getNextValidTimeAfter(next);
			}
			return ticks;
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored cron '" + this.cron + "' no longer parses", ex);
		}
	}

}
