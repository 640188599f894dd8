package com.lumiku.worker.chaos;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The schedules: a period completed at most once, its work repeated only after a fault on
 * its holder, every period started finished, every tick run, nothing left running.
 */
final class ScheduleChecks extends Checks {

	ScheduleChecks(JdbcTemplate jdbc, EventLog log, InvariantTable table) {
		super(jdbc, log, table);
	}

	void check(Instant from, Instant until) {
		this.table.add("no period of a schedule completed twice",
				count("SELECT count(DISTINCT job_instance_id) FROM lumiku_worker.batch_job_execution"), strings("""
						SELECT i.job_name || ' ' || p.parameter_value || ': ' || count(*) || ' completed executions'
						FROM lumiku_worker.batch_job_execution e
						JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
						JOIN lumiku_worker.batch_job_execution_params p
						  ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runKey'
						WHERE e.status = 'COMPLETED' GROUP BY i.job_name, p.parameter_value HAVING count(*) > 1"""));
		ticksOnce();
		this.table.add("test-slow: each item of a period written at most once",
				count("SELECT count(*) FROM test_slow_items"), strings("""
						SELECT run_key || ' item ' || item || ' by ' || string_agg(worker, ', ') FROM test_slow_items
						GROUP BY run_key, item HAVING count(*) > 1"""));
		this.table.add("every period started was finished (COMPLETED; STOPPED by SIGTERM noted)", count("""
				SELECT count(DISTINCT job_instance_id) FROM lumiku_worker.batch_job_execution"""), strings("""
				SELECT i.job_name || ' ' || (SELECT p.parameter_value FROM lumiku_worker.batch_job_execution_params p
				       WHERE p.job_execution_id = max(e.job_execution_id) AND p.parameter_name = 'runKey')
				       || ': ' || string_agg(e.status || ' ' || coalesce(left(e.exit_message, 120), ''), '; '
				                             ORDER BY e.job_execution_id)
				FROM lumiku_worker.batch_job_execution e JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
				GROUP BY i.job_instance_id, i.job_name
				HAVING bool_and(e.status <> 'COMPLETED')
				   AND NOT (array_agg(e.status ORDER BY e.job_execution_id DESC))[1] = 'STOPPED'"""));
		// for a failure report: each execution of an unfinished period, who ran it, when,
		// and the causes its stored exit messages still hold (Spring Batch truncates
		// them)
		for (String execution : strings("""
				WITH unfinished AS (
				    SELECT job_instance_id FROM lumiku_worker.batch_job_execution
				    GROUP BY job_instance_id
				    HAVING bool_and(status <> 'COMPLETED')
				       AND NOT (array_agg(status ORDER BY job_execution_id DESC))[1] = 'STOPPED')
				SELECT 'unfinished period, execution ' || e.job_execution_id || ' of instance ' || e.job_instance_id
				       || ' by ' || coalesce(o.worker_id, '(no owner)') || ', ' || e.status || ', '
				       || coalesce(to_char(e.start_time, 'HH24:MI:SS.MS'), '-') || ' .. '
				       || coalesce(to_char(e.end_time, 'HH24:MI:SS.MS'), '-') || ': '
				       || coalesce(left(e.exit_message, 160), '') || ' | causes: '
				       || coalesce((SELECT string_agg(DISTINCT m[1], ' <- ')
				                    FROM regexp_matches(coalesce(e.exit_message, '') || ' ' || coalesce((
				                        SELECT string_agg(s.exit_message, ' ') FROM lumiku_worker.batch_step_execution s
				                        WHERE s.job_execution_id = e.job_execution_id), ''),
				                        'Caused by: ([^\n]{1,200})', 'g') AS m), '(none stored)')
				FROM unfinished u
				JOIN lumiku_worker.batch_job_execution e USING (job_instance_id)
				LEFT JOIN lumiku_worker.job_execution_owner o USING (job_execution_id)
				ORDER BY e.job_execution_id""")) {
			this.table.note(execution);
		}
		// documented behaviour, not a violation: a SIGTERM'd daemon stops its runs at a
		// chunk boundary and leaves them STOPPED for an operator's `jobs restart`
		this.table.note("periods left STOPPED by the graceful shutdown (SIGTERM), for `jobs restart`: " + strings("""
				SELECT i.job_name || ' ' || (SELECT p.parameter_value FROM lumiku_worker.batch_job_execution_params p
				       WHERE p.job_execution_id = max(e.job_execution_id) AND p.parameter_name = 'runKey')
				FROM lumiku_worker.batch_job_execution e JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
				GROUP BY i.job_instance_id, i.job_name
				HAVING bool_and(e.status <> 'COMPLETED')
				   AND (array_agg(e.status ORDER BY e.job_execution_id DESC))[1] = 'STOPPED'"""));
		ticksRun(from, until);
		this.table.add("no execution left running (STARTING, STARTED, STOPPING)",
				count("SELECT count(*) FROM lumiku_worker.batch_job_execution"),
				strings("""
						SELECT e.job_execution_id || ' ' || i.job_name || ' ' || e.status
						FROM lumiku_worker.batch_job_execution e JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
						WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')"""));
	}

	/**
	 * test-tick's tasklet records its run key: a period recorded twice is allowed only
	 * when the earlier recorder was hit by a fault right after (killed between the
	 * tasklet's commit and the step's COMPLETED, so the run was resumed elsewhere and the
	 * tasklet ran again: Spring Batch re-runs a tasklet step that did not complete). Any
	 * other repeat is a violation.
	 */
	private void ticksOnce() {
		List<Map<String, Object>> records = this.jdbc.queryForList("""
				SELECT t.run_key, t.worker, t.at FROM test_ticks t
				WHERE (SELECT count(*) FROM test_ticks d WHERE d.run_key = t.run_key) > 1
				  AND t.at < (SELECT max(d.at) FROM test_ticks d WHERE d.run_key = t.run_key)""");
		List<String> unexplained = new ArrayList<>();
		for (Map<String, Object> record : records) {
			String worker = incarnation((String) record.get("worker"));
			Instant at = ((Timestamp) record.get("at")).toInstant();
			if (!this.log.excuses(worker, at, ATTEMPT_SLACK)) {
				unexplained.add(record.get("run_key") + " recorded by " + worker + " at " + at
						+ " and again, with no fault on " + worker);
			}
		}
		this.table.add("test-tick: a period's work repeated only after a fault on its holder",
				count("SELECT count(*) FROM test_ticks"), unexplained);
		this.table.note("test-tick periods whose work was repeated after a fault on the holder: "
				+ (records.size() - unexplained.size()));
	}

	/**
	 * test-tick fires every 5 s: every tick from the first 30 s of the run to the drain
	 * has a run, except ticks while PostgreSQL was down (and 15 s after: Quartz's misfire
	 * handling fires a missed tick once, late).
	 */
	private void ticksRun(Instant from, Instant until) {
		List<String> recorded = this.jdbc.queryForList("SELECT DISTINCT run_key FROM test_ticks", String.class);
		List<String> missing = new ArrayList<>();
		long expected = 0;
		Instant tick = Instant.ofEpochSecond((from.getEpochSecond() / 5 + 1) * 5);
		while (tick.isBefore(until)) {
			Instant at = tick;
			boolean databaseDown = this.log.events()
				.stream()
				.anyMatch((event) -> event.target().equals(EventLog.ALL) && !at.isBefore(event.start().minusSeconds(5))
						&& !at.isAfter(event.end().plusSeconds(15)));
			if (!databaseDown) {
				expected++;
				if (!recorded.contains(at.toString())) {
					missing.add(at.toString());
				}
			}
			tick = tick.plusSeconds(5);
		}
		this.table.add("test-tick: every tick ran (outside PostgreSQL's restart)", expected, missing);
	}

}
