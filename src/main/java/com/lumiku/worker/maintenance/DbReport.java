package com.lumiku.worker.maintenance;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code lumiku-worker db report}: runs every check now, read-only (table sizes are not
 * recorded; growth comes from what {@code db-maintenance} recorded), and prints first a
 * table of each figure beside its threshold with OK / WARN / NOTE / ERROR, then the
 * findings behind each WARN, then what could not be checked and why, then when the jobs
 * last ran.
 */
@Component
public class DbReport {

	private static final String HEADER = """
			SELECT current_database() AS database, current_user AS role,
			       split_part(version(), ' ', 2) AS version, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS now
			""";

	private static final String LAST_RUNS = """
			SELECT check_name, to_char(ran_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ran_at, status, summary
			FROM lumiku_worker.db_check_result ORDER BY check_name
			""";

	private static final int DETAILS_PER_CHECK = 12;

	private final JdbcTemplate jdbc;

	private final PlatformTransactionManager transactionManager;

	private final Duration statementTimeout;

	DbReport(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, MaintenanceProperties properties) {
		this.jdbc = jdbc;
		this.transactionManager = transactionManager;
		this.statementTimeout = properties.reportStatementTimeout();
	}

	/**
	 * Runs the checks and prints the report.
	 * @param out where it goes
	 * @return the checks' outcomes, in report order
	 */
	public List<CheckOutcome> print(PrintWriter out) {
		Map<String, Object> header = this.jdbc.queryForMap(HEADER);
		out.printf(Locale.ROOT, "Database report: %s as %s, PostgreSQL %s, %s UTC%n%n", header.get("database"),
				header.get("role"), header.get("version"), header.get("now"));
		List<CheckOutcome> outcomes = new RunChecks(this.jdbc, this.transactionManager, this.statementTimeout)
			.run(MaintenanceChecks.all(Duration.ofHours(1)), false);
		out.printf(Locale.ROOT, "%-20s %-6s %-44s %s%n", "CHECK", "STATUS", "FIGURE", "THRESHOLD");
		for (CheckOutcome outcome : outcomes) {
			out.printf(Locale.ROOT, "%-20s %-6s %-44s %s%n", outcome.check(), outcome.status(),
					shorten(outcome.figure(), 44), outcome.threshold());
		}
		section(out, "Findings", outcomes, Status.WARN);
		section(out, "Not checked or not judged", outcomes, Status.ERROR, Status.NOTE);
		printLastRuns(out);
		out.flush();
		return outcomes;
	}

	private static void section(PrintWriter out, String title, List<CheckOutcome> outcomes, Status... statuses) {
		List<CheckOutcome> selected = outcomes.stream()
			.filter((outcome) -> List.of(statuses).contains(outcome.status()))
			.toList();
		if (selected.isEmpty()) {
			return;
		}
		out.printf("%n%s:%n", title);
		for (CheckOutcome outcome : selected) {
			out.printf(Locale.ROOT, "  %s (%s): %s%n", outcome.check(), outcome.status(), outcome.figure());
			outcome.details().stream().limit(DETAILS_PER_CHECK).forEach((line) -> out.println("    " + line));
			if (outcome.details().size() > DETAILS_PER_CHECK) {
				out.printf(Locale.ROOT, "    ... %d more%n", outcome.details().size() - DETAILS_PER_CHECK);
			}
		}
	}

	private void printLastRuns(PrintWriter out) {
		List<String> runs = this.jdbc.query(LAST_RUNS, (rs, i) -> String.format(Locale.ROOT, "  %-20s %s UTC  %-5s %s",
				rs.getString("check_name"), rs.getString("ran_at"), rs.getString("status"), rs.getString("summary")));
		out.printf("%nLast runs of db-maintenance / db-vacuum (per check):%n");
		if (runs.isEmpty()) {
			out.println("  none yet (run: lumiku-worker jobs run db-maintenance)");
		}
		runs.forEach(out::println);
	}

	private static String shorten(String text, int width) {
		return (text.length() <= width) ? text : text.substring(0, width - 3) + "...";
	}

}
