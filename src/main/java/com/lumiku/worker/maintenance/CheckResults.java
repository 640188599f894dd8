package com.lumiku.worker.maintenance;

import java.util.List;
import java.util.Optional;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The newest outcome of each check, kept in {@code lumiku_worker.db_check_result} and its
 * figures in {@code db_check_value}, so that every process publishes the same gauges. A
 * failed check keeps the figures of its last successful run (the gauge
 * {@code lumiku_db_maintenance_last_run_timestamp_seconds} then ages).
 */
final class CheckResults {

	private static final String SAVE_RESULT = """
			INSERT INTO lumiku_worker.db_check_result
			    (check_name, ran_at, succeeded_at, status, summary, details, job_execution_id)
			VALUES (?, now(), CASE WHEN ? THEN now() END, ?, ?, ?, ?)
			ON CONFLICT (check_name) DO UPDATE SET
			    ran_at = excluded.ran_at,
			    succeeded_at = coalesce(excluded.succeeded_at, lumiku_worker.db_check_result.succeeded_at),
			    status = excluded.status, summary = excluded.summary, details = excluded.details,
			    job_execution_id = excluded.job_execution_id
			""";

	private static final String CLEAR_VALUES = "DELETE FROM lumiku_worker.db_check_value WHERE check_name = ?";

	private static final String SAVE_VALUE = """
			INSERT INTO lumiku_worker.db_check_value (check_name, metric, label, value) VALUES (?, ?, ?, ?)
			""";

	private static final String LAST_SUCCESS = """
			SELECT succeeded_at FROM lumiku_worker.db_check_result WHERE check_name = ? AND succeeded_at IS NOT NULL
			""";

	private CheckResults() {
	}

	/**
	 * Saves outcomes in the caller's transaction.
	 * @param jdbc the database
	 * @param outcomes what the checks found
	 * @param jobExecutionId the run that found it
	 */
	static void save(JdbcTemplate jdbc, List<CheckOutcome> outcomes, Long jobExecutionId) {
		for (CheckOutcome outcome : outcomes) {
			boolean succeeded = outcome.status() != Status.ERROR;
			jdbc.update(SAVE_RESULT, outcome.check(), succeeded, outcome.status().name(), outcome.figure(),
					String.join("\n", outcome.details()), jobExecutionId);
			if (succeeded) {
				jdbc.update(CLEAR_VALUES, outcome.check());
				for (CheckValue value : outcome.values()) {
					jdbc.update(SAVE_VALUE, outcome.check(), value.metric(), value.label(), value.value());
				}
			}
		}
	}

	/** When a check last ran without failing, if ever. */
	static Optional<java.time.Instant> lastSuccess(JdbcTemplate jdbc, String check) {
		return jdbc.queryForList(LAST_SUCCESS, java.sql.Timestamp.class, check)
			.stream()
			.findFirst()
			.map(java.sql.Timestamp::toInstant);
	}

}
