package com.lumiku.worker.chaos;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The generation queue's invariants: nothing lost, no attempt twice, a re-run only after
 * a fault on its holder, a lost holder's late answer never applied.
 */
final class GenerationChecks extends Checks {

	GenerationChecks(JdbcTemplate jdbc, EventLog log, InvariantTable table) {
		super(jdbc, log, table);
	}

	void check(int inserted) {
		long rows = count("SELECT count(*) FROM looping_flow_generations");
		this.table.add("every generation inserted is still there", inserted,
				(rows == inserted) ? List.of() : List.of(inserted + " inserted, " + rows + " in the table"));
		this.table.add("no generation lost (every row completed or failed)", rows, strings("""
				SELECT id || ' ' || status || ' attempts ' || worker_attempts FROM looping_flow_generations
				WHERE status NOT IN ('completed', 'failed') ORDER BY id"""));
		this.table.add("no attempt of a generation ran twice", count("SELECT count(*) FROM chaos_calls"), strings("""
				SELECT generation_id || ' attempt ' || attempt || ': ' || string_agg(worker, ', ')
				FROM chaos_calls GROUP BY generation_id, attempt HAVING count(*) > 1"""));
		this.table.add("a completed generation's completing attempt ran exactly once",
				count("SELECT count(*) FROM looping_flow_generations WHERE status = 'completed'"), strings("""
						SELECT g.id || ' attempt ' || g.worker_attempts || ' ran ' || count(c.*) || ' time(s)'
						FROM looping_flow_generations g
						LEFT JOIN chaos_calls c ON c.generation_id = g.id AND c.attempt = g.worker_attempts
						WHERE g.status = 'completed' GROUP BY g.id, g.worker_attempts HAVING count(c.*) <> 1"""));
		this.table.add("a completed generation's outputs come from its last attempt's holder (no lost lease acted on)",
				count("SELECT count(*) FROM looping_flow_generations WHERE status = 'completed'"), strings("""
						SELECT g.id || ' attempt ' || g.worker_attempts || ' completed with ' || g."outputPath"
						FROM looping_flow_generations g
						WHERE g.status = 'completed' AND g."outputPath" IS DISTINCT FROM (
						    SELECT '/out/' || g.id || '/' || c.attempt || '/' || c.worker FROM chaos_calls c
						    WHERE c.generation_id = g.id AND c.attempt = g.worker_attempts LIMIT 1)"""));
		rerunsExplained();
	}

	/**
	 * An attempt that did not finish the row (a later attempt followed, or the row failed
	 * with it although its kind never fails) must be explained: by the row's kind (fail,
	 * flaky or hang first attempts) or by a fault on the process that ran it, beginning
	 * within {@link #ATTEMPT_SLACK} of the attempt's start.
	 */
	private void rerunsExplained() {
		List<Map<String, Object>> unfinished = this.jdbc.queryForList("""
				SELECT c.generation_id, c.attempt, c.worker, c.at, g.status, g.worker_attempts
				FROM chaos_calls c JOIN looping_flow_generations g ON g.id = c.generation_id
				WHERE c.attempt < g.worker_attempts OR g.status = 'failed'""");
		List<String> unexplained = new ArrayList<>();
		long byDesign = 0;
		long byFault = 0;
		for (Map<String, Object> call : unfinished) {
			String id = (String) call.get("generation_id");
			int attempt = ((Number) call.get("attempt")).intValue();
			if (id.endsWith("-fail") || (attempt == 1 && (id.endsWith("-flaky") || id.endsWith("-hang")))) {
				byDesign++;
				continue;
			}
			String worker = incarnation((String) call.get("worker"));
			Instant at = ((Timestamp) call.get("at")).toInstant();
			if (this.log.excuses(worker, at, ATTEMPT_SLACK)) {
				byFault++;
			}
			else {
				unexplained.add(id + " attempt " + attempt + " by " + worker + " at " + at + " (row "
						+ call.get("status") + " after " + call.get("worker_attempts") + ")");
			}
		}
		this.table.add("a generation re-run only after a fault on its holder", unfinished.size(), unexplained);
		this.table.note("generation attempts that did not finish their row: " + byDesign + " by design (fail, flaky, "
				+ "hang), " + byFault + " explained by a fault on their holder; attempts with no handler call "
				+ "(holder lost before it ran them): " + count("""
						SELECT coalesce(sum(g.worker_attempts - (SELECT count(DISTINCT c.attempt) FROM chaos_calls c
						    WHERE c.generation_id = g.id)), 0) FROM looping_flow_generations g"""));
	}

}
