package com.lumiku.worker.scheduling;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

import org.quartz.CronExpression;

/**
 * One validated schedule file of {@code jobs/}.
 *
 * @param jobName the job
 * @param cron Quartz cron expression (seconds first)
 * @param timeZone the zone the cron is read in
 * @param enabled whether the schedule fires
 * @param parameters the parameters of its runs, as written in the file (validated); a
 * manual run starts from them too
 * @param misfirePolicy what to do with missed ticks
 * @param catchUpLimit how many missed ticks {@link MisfirePolicy#CATCH_UP} runs
 * @param overlapPolicy what a tick does while the previous run goes on
 * @param stopAfter a run longer than this is asked to stop (the file's {@code stopAfter})
 * @param description one line for the operator
 * @param source the file it came from
 */
public record JobSchedule(String jobName, String cron, ZoneId timeZone, boolean enabled, Map<String, String> parameters,
		MisfirePolicy misfirePolicy, int catchUpLimit, OverlapPolicy overlapPolicy, Duration stopAfter,
		String description, Path source) {

	public JobSchedule {
		parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/**
	 * The parameters of a manual run: this schedule's, each overridden by the operator's
	 * value of the same name.
	 * @param overrides the operator's {@code key=value}s
	 * @return the merged parameters (not validated yet)
	 */
	public Map<String, String> parametersWith(Map<String, String> overrides) {
		Map<String, String> merged = new LinkedHashMap<>(this.parameters);
		merged.putAll(overrides);
		return merged;
	}

	/**
	 * A short digest of what the schedule defines (not of the file's comments or path),
	 * kept in the Quartz job's data so that a node whose loaded schedule differs from the
	 * one in force (another node reloaded) reads its files again.
	 * @return the hex digest
	 */
	public String fingerprint() {
		String definition = String.join("\n", this.jobName, this.cron, this.timeZone.getId(),
				Boolean.toString(this.enabled), new TreeMap<>(this.parameters).toString(), this.misfirePolicy.name(),
				Integer.toString(this.catchUpLimit), this.overlapPolicy.name(), this.stopAfter.toString());
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
			throw new IllegalStateException("Cron '" + this.cron + "' no longer parses", ex);
		}
	}

}
