package com.lumiku.worker.operator;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The operator's read side: the job list and a job's history, each in one statement over
 * Spring Batch's and Quartz's tables and the worker's owner rows (no query per job or per
 * execution), mapped to {@link JobControl.JobView} and {@link JobControl.RunView}.
 */
@Component
class RunQueries {

	/** Spring Batch writes its timestamps in the writing JVM's zone, without one. */
	private static final ZoneId BATCH_TIME_ZONE = ZoneId.systemDefault();

	private static final String RUN_COLUMNS = """
			e.job_execution_id, e.status, e.exit_code, e.exit_message, e.start_time, e.end_time,
			o.worker_id, p.names AS parameter_names, p.vals AS parameter_values
			""";

	private static final String PARAMETERS = """
			LEFT JOIN lumiku_worker.job_execution_owner o ON o.job_execution_id = e.job_execution_id
			LEFT JOIN LATERAL (
			    SELECT array_agg(parameter_name ORDER BY parameter_name) AS names,
			           array_agg(parameter_value ORDER BY parameter_name) AS vals
			    FROM lumiku_worker.batch_job_execution_params
			    WHERE job_execution_id = e.job_execution_id) p ON true
			""";

	private static final String HISTORY = "SELECT i.job_name, " + RUN_COLUMNS + """
			FROM lumiku_worker.batch_job_execution e
			JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			""" + PARAMETERS + """
			WHERE i.job_name = ?
			ORDER BY e.job_execution_id DESC
			LIMIT ?
			""";

	private static final String ONE_RUN = "SELECT i.job_name, " + RUN_COLUMNS + """
			FROM lumiku_worker.batch_job_execution e
			JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			""" + PARAMETERS + """
			WHERE e.job_execution_id = ?
			""";

	private static final String JOBS = "SELECT j.job_name, j.ordinality, " + RUN_COLUMNS + """
			, t.trigger_name IS NOT NULL AS scheduled, t.trigger_state, t.next_fire_time,
			  c.cron_expression, c.time_zone_id, r.running
			FROM unnest(?::text[]) WITH ORDINALITY AS j(job_name, ordinality)
			LEFT JOIN lumiku_worker.qrtz_triggers t
			    ON t.sched_name = ? AND t.trigger_group = ? AND t.trigger_name = j.job_name
			LEFT JOIN lumiku_worker.qrtz_cron_triggers c
			    ON c.sched_name = t.sched_name AND c.trigger_group = t.trigger_group AND c.trigger_name = t.trigger_name
			LEFT JOIN LATERAL (
			    SELECT e.* FROM lumiku_worker.batch_job_execution e
			    JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			    WHERE i.job_name = j.job_name
			    ORDER BY e.job_execution_id DESC
			    LIMIT 1) e ON true
			""" + PARAMETERS + """
			LEFT JOIN LATERAL (
			    SELECT count(*) AS running FROM lumiku_worker.batch_job_execution e
			    JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			    WHERE i.job_name = j.job_name AND e.status IN ('STARTING', 'STARTED', 'STOPPING')) r ON true
			ORDER BY j.ordinality
			""";

	/** What the catalog knows of a job that the tables do not. */
	record JobDescription(String name, String description) {

		static JobDescription of(JobCatalog.Entry entry) {
			return new JobDescription(entry.name(), entry.descriptor().description());
		}

	}

	private final JdbcTemplate jdbc;

	private final Scheduler scheduler;

	RunQueries(JdbcTemplate jdbc, Scheduler scheduler) {
		this.jdbc = jdbc;
		this.scheduler = scheduler;
	}

	/** The newest runs of a job, newest first. */
	List<JobControl.RunView> history(String job, int limit) {
		return this.jdbc.query(HISTORY, (row, number) -> run(row), job, limit);
	}

	/** One run, if it exists. */
	Optional<JobControl.RunView> run(long executionId) {
		return this.jdbc.query(ONE_RUN, (row, number) -> run(row), executionId).stream().findFirst();
	}

	/**
	 * The jobs, in the given order, with schedule, pause state, last run and runs going
	 * on.
	 */
	List<JobControl.JobView> jobs(List<JobDescription> jobs) {
		Map<String, String> descriptions = new TreeMap<>();
		jobs.forEach((job) -> descriptions.put(job.name(), job.description()));
		String[] names = jobs.stream().map(JobDescription::name).toArray(String[]::new);
		return this.jdbc.query(JOBS, (row, number) -> job(row, descriptions), names, schedulerName(),
				ScheduleSynchronizer.GROUP);
	}

	private JobControl.JobView job(ResultSet row, Map<String, String> descriptions) throws SQLException {
		String name = row.getString("job_name");
		long next = row.getLong("next_fire_time");
		Optional<Instant> nextFire = (row.wasNull() || next <= 0) ? Optional.empty()
				: Optional.of(Instant.ofEpochMilli(next));
		String state = row.getString("trigger_state");
		boolean paused = state != null && state.startsWith("PAUSED");
		Optional<JobControl.RunView> lastRun = Optional.empty();
		row.getLong("job_execution_id");
		if (!row.wasNull()) {
			lastRun = Optional.of(run(row));
		}
		return new JobControl.JobView(name, descriptions.get(name),
				Optional.ofNullable(row.getString("cron_expression")),
				Optional.ofNullable(row.getString("time_zone_id")), row.getBoolean("scheduled"), paused, nextFire,
				lastRun, row.getInt("running"));
	}

	private static JobControl.RunView run(ResultSet row) throws SQLException {
		Map<String, String> parameters = parameters(row);
		String runKey = parameters.remove(JobRuns.RUN_KEY);
		String origin = parameters.remove(JobRuns.ORIGIN);
		return new JobControl.RunView(row.getLong("job_execution_id"), row.getString("job_name"), runKey,
				row.getString("status"), row.getString("exit_code"), instant(row, "start_time"),
				instant(row, "end_time"), Optional.ofNullable(row.getString("worker_id")).orElse(""), origin,
				parameters, abbreviate(row.getString("exit_message")));
	}

	private static Map<String, String> parameters(ResultSet row) throws SQLException {
		Map<String, String> parameters = new TreeMap<>();
		Array names = row.getArray("parameter_names");
		Array values = row.getArray("parameter_values");
		if (names != null && values != null) {
			String[] name = (String[]) names.getArray();
			String[] value = (String[]) values.getArray();
			for (int i = 0; i < name.length; i++) {
				parameters.put(name[i], String.valueOf(value[i]));
			}
		}
		return parameters;
	}

	private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
		return Optional.ofNullable(row.getObject(column, LocalDateTime.class))
			.map((value) -> value.atZone(BATCH_TIME_ZONE).toInstant());
	}

	static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		String firstLine = text.lines().findFirst().orElse("");
		return (firstLine.length() > 500) ? firstLine.substring(0, 500) + "..." : firstLine;
	}

	private String schedulerName() {
		try {
			return this.scheduler.getSchedulerName();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz store: " + ex.getMessage(), ex);
		}
	}

}
