package com.lumiku.worker.bulk;

import java.time.Duration;
import java.time.LocalDateTime;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The "older than" instant of a bulk run: the database's clock (UTC, like the app's
 * {@code timestamp(3)} columns) minus an age, taken at the run's first batch and kept in
 * the step's context, so that every batch, and a restart, uses the same one.
 */
public final class RunCutoff {

	private static final String KEY = "cutoff";

	private static final String NOW_MINUS = "SELECT (now() AT TIME ZONE 'UTC') - make_interval(secs => ?)";

	private RunCutoff() {
	}

	public static LocalDateTime of(JdbcTemplate jdbc, ExecutionContext context, Duration age) {
		if (!context.containsKey(KEY)) {
			LocalDateTime cutoff = jdbc.queryForObject(NOW_MINUS, LocalDateTime.class, age.toMillis() / 1000.0);
			context.putString(KEY, cutoff.toString());
		}
		return LocalDateTime.parse(context.getString(KEY));
	}

}
