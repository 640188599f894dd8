package com.lumiku.worker.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs by job, status and start time, newest first, for the runs page: one statement over
 * Spring Batch's tables and the worker's owner rows, every filter a bound parameter.
 */
@Component
class RunSearch {

	/** Spring Batch writes its timestamps in the writing JVM's zone, without one. */
	private static final ZoneId BATCH_TIME_ZONE = ZoneId.systemDefault();

	/** One run in a list. */
	record Row(long executionId, String job, String status, String exitCode, Optional<Instant> startTime,
			Optional<Instant> endTime, String worker) {

		public String started() {
			return Durations.utc(this.startTime);
		}

		public String took() {
			return this.startTime
				.map((start) -> Durations.words(java.time.Duration.between(start, this.endTime.orElse(Instant.now()))))
				.orElse("-");
		}

	}

	/** What to look for; every field optional. */
	record Filter(Optional<String> job, Optional<String> status, Optional<Instant> since, Optional<Instant> until,
			int limit) {
	}

	private static final String SEARCH = """
			SELECT e.job_execution_id, i.job_name, e.status, e.exit_code, e.start_time, e.end_time, o.worker_id
			FROM lumiku_worker.batch_job_execution e
			JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			LEFT JOIN lumiku_worker.job_execution_owner o ON o.job_execution_id = e.job_execution_id
			WHERE (?::text IS NULL OR i.job_name = ?)
			  AND (?::text IS NULL OR e.status = ?)
			  AND (?::timestamp IS NULL OR e.create_time >= ?::timestamp)
			  AND (?::timestamp IS NULL OR e.create_time < ?::timestamp)
			ORDER BY e.job_execution_id DESC
			LIMIT ?
			""";

	private static final String RUNNING = """
			SELECT e.job_execution_id, i.job_name, e.status, e.exit_code, e.start_time, e.end_time, o.worker_id
			FROM lumiku_worker.batch_job_execution e
			JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			LEFT JOIN lumiku_worker.job_execution_owner o ON o.job_execution_id = e.job_execution_id
			WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')
			ORDER BY e.job_execution_id
			""";

	private final JdbcTemplate jdbc;

	RunSearch(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<Row> find(Filter filter) {
		String job = filter.job().orElse(null);
		String status = filter.status().orElse(null);
		LocalDateTime since = filter.since().map(RunSearch::batchTime).orElse(null);
		LocalDateTime until = filter.until().map(RunSearch::batchTime).orElse(null);
		return this.jdbc.query(SEARCH, (row, n) -> row(row), job, job, status, status, since, since, until, until,
				filter.limit());
	}

	/** Every run going on in the cluster, oldest first. */
	List<Row> running() {
		return this.jdbc.query(RUNNING, (row, n) -> row(row));
	}

	private static LocalDateTime batchTime(Instant instant) {
		return LocalDateTime.ofInstant(instant, BATCH_TIME_ZONE);
	}

	private static Row row(ResultSet row) throws SQLException {
		return new Row(row.getLong("job_execution_id"), row.getString("job_name"), row.getString("status"),
				row.getString("exit_code"), instant(row, "start_time"), instant(row, "end_time"),
				Optional.ofNullable(row.getString("worker_id")).orElse(""));
	}

	private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
		return Optional.ofNullable(row.getObject(column, LocalDateTime.class))
			.map((value) -> value.atZone(BATCH_TIME_ZONE).toInstant());
	}

}
