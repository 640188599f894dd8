package com.lumiku.worker.maintenance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.TestRows;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code db-maintenance} through Spring Batch on a real database: each check finds what
 * it should and leaves alone what it should not, growth comes from recorded history, a
 * check that hits its statement timeout is reported alone, and the figures reach the
 * gauges and {@code db report}.
 */
@SpringBootTest
class DbMaintenanceJobTest extends WorkerIntegrationTest {

	private static final List<String> SCRATCH_INDEXES = List.of("maint_unused_idx", "maint_used_idx",
			"maint_unique_idx", "maint_prefix_idx");

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	JobRuns runs;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DbReport report;

	@Autowired
	DbMaintenanceMetrics metrics;

	@BeforeEach
	void givenAnEmptyHistory() {
		this.jdbc.update("DELETE FROM lumiku_worker.db_size_sample");
		this.jdbc.update("DELETE FROM lumiku_worker.db_check_result");
		this.jdbc.update("DELETE FROM lumiku_worker.db_check_value");
		this.jdbc.update("DELETE FROM looping_flow_generations");
		this.jdbc.update("DELETE FROM sessions");
	}

	@AfterEach
	void dropScratchIndexes() {
		SCRATCH_INDEXES.forEach((index) -> this.jdbc.execute("DROP INDEX IF EXISTS " + index));
		this.jdbc.execute("ALTER TABLE sessions RESET (autovacuum_enabled)");
	}

	@Test
	void an_index_never_scanned_is_reported_with_its_size_and_a_scanned_or_unique_one_is_not() {
		this.jdbc.execute("CREATE INDEX maint_unused_idx ON users (\"name\")");
		this.jdbc.execute("CREATE INDEX maint_used_idx ON users (\"password\")");
		this.jdbc.execute("CREATE UNIQUE INDEX maint_unique_idx ON users (\"email\", \"id\")");
		inOneSession("SET enable_seqscan = off", "SELECT count(*) FROM users WHERE \"password\" = 'x'");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject(
					"SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'maint_used_idx'", Long.class) > 0);

		CheckOutcome unused = check(new FindUnusedIndexes());

		assertThat(unused.details()).anyMatch((line) -> line.matches("users\\.maint_unused_idx  [\\d.]+ kB, 0 scans"));
		assertThat(unused.details()).noneMatch((line) -> line.contains("maint_used_idx"))
			.noneMatch((line) -> line.contains("maint_unique_idx"))
			.noneMatch((line) -> line.contains("_pkey"));
		assertThat(unused.details().get(0)).contains("unique, primary-key and exclusion indexes are not listed");
		// statistics of a fresh test server are hours, not weeks, old: noted, not warned
		assertThat(unused.status()).isEqualTo(CheckOutcome.Status.NOTE);
		assertThat(value(unused, "lumiku_db_unused_indexes", "")).isEqualTo(unused.details().size() - 1);
	}

	@Test
	void a_left_prefix_index_is_reported_as_redundant_and_the_shipped_schema_has_none() {
		assertThat(check(new CheckRedundantIndexes()).status()).isEqualTo(CheckOutcome.Status.OK);

		this.jdbc.execute("CREATE INDEX maint_prefix_idx ON credits (\"userId\")");
		CheckOutcome redundant = check(new CheckRedundantIndexes());

		assertThat(redundant.status()).isEqualTo(CheckOutcome.Status.WARN);
		assertThat(redundant.details()).singleElement()
			.asString()
			.startsWith("credits.maint_prefix_idx covered by ")
			.endsWith("(left prefix)");
		assertThat(value(redundant, "lumiku_db_redundant_indexes", "")).isEqualTo(1);
	}

	@Test
	void a_generation_pending_over_an_hour_is_counted_for_its_app_and_younger_or_finished_ones_are_not() {
		TestRows.user("gen-user").insert(this.jdbc);
		TestRows.project("looping_flow_projects", "gen-project", "gen-user").insert(this.jdbc);
		generation("pending-2h", "pending", Duration.ofHours(2));
		generation("pending-30m", "pending", Duration.ofMinutes(30));
		generation("completed-3h", "completed", Duration.ofHours(3));

		CheckOutcome pending = check(new CountStalePendingGenerations(Duration.ofHours(1)));

		assertThat(pending.status()).isEqualTo(CheckOutcome.Status.WARN);
		assertThat(value(pending, "lumiku_db_generations_pending_over_hour", "looping-flow")).isEqualTo(1);
		assertThat(value(pending, "lumiku_db_generations_pending_over_hour", "video-mixer")).isZero();
		assertThat(pending.details()).singleElement()
			.asString()
			.startsWith("looping-flow  1 pending, oldest 2.0 h old");
		assertThat(check(new CountStalePendingGenerations(Duration.ofHours(3))).status())
			.isEqualTo(CheckOutcome.Status.OK);
	}

	@Test
	void a_table_with_most_of_its_rows_deleted_is_reported_bloated_and_after_vacuum_it_is_not() {
		this.jdbc.execute("ALTER TABLE sessions SET (autovacuum_enabled = false)");
		TestRows.user("bloat-user").insert(this.jdbc);
		inOneSession("""
				INSERT INTO sessions (id, "userId", token, "expiresAt")
				SELECT 'bloat-' || i, 'bloat-user', 'token-bloat-' || i, now() FROM generate_series(1, 2000) i""",
				"DELETE FROM sessions WHERE id <> 'bloat-1' AND id NOT LIKE 'bloat-1%'");
		await().atMost(Duration.ofSeconds(20)).until(() -> deadRatio("sessions") > 0.2);

		CheckOutcome bloat = check(new EstimateBloat());
		assertThat(bloat.status()).isEqualTo(CheckOutcome.Status.WARN);
		assertThat(bloat.details()).anyMatch((line) -> line.startsWith("sessions  ") && line.contains("% dead"));
		assertThat(bloat.details()).noneMatch((line) -> line.startsWith("users  "));
		assertThat(value(bloat, "lumiku_db_bloat_ratio", "sessions")).isGreaterThan(0.2);

		JobExecution vacuum = this.runs.run(RunRequest.manual("db-vacuum", Map.of("tables", "sessions")));
		assertThat(vacuum.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(deadRatio("sessions")).isZero();
		assertThat(check(new EstimateBloat()).details()).noneMatch((line) -> line.startsWith("sessions  "));
	}

	@Test
	void growth_is_the_size_now_over_the_newest_size_recorded_a_month_ago_and_each_run_records_sizes() {
		long credits = this.jdbc.queryForObject("SELECT pg_total_relation_size('credits')", Long.class);
		long users = this.jdbc.queryForObject("SELECT pg_total_relation_size('users')", Long.class);
		sample("credits", 60, credits);
		sample("credits", 31, credits / 2);
		sample("users", 31, users);
		sample("sessions", 10, 1);

		JobExecution run = this.runs
			.run(RunRequest.manual("db-maintenance", Map.of("checks", "table-sizes,redundant-indexes")));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, Double> growth = figures("lumiku_db_table_growth_ratio");
		assertThat(growth.get("credits")).isCloseTo((double) credits / (credits / 2), within(0.05));
		assertThat(growth.get("users")).isCloseTo(1.0, within(0.01));
		assertThat(growth).doesNotContainKey("sessions");
		assertThat(result("table-sizes")).containsEntry("status", "WARN");
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM lumiku_worker.db_size_sample WHERE sampled_at > now() - interval '1 hour'""",
				Long.class))
			.isEqualTo(this.jdbc.queryForObject("SELECT count(*) FROM v_table_sizes", Long.class));
		assertThat(figures("lumiku_db_table_bytes")).containsKeys("credits", "users", "sessions");
	}

	@Test
	void a_check_that_hits_its_statement_timeout_is_reported_failed_and_the_other_checks_still_run() throws Exception {
		try (Connection locker = this.dataSource.getConnection(); Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			statement.execute("LOCK TABLE credits IN ACCESS EXCLUSIVE MODE");

			JobExecution run = this.runs.run(RunRequest.manual("db-maintenance", Map.of("statementTimeout", "500ms")));

			locker.rollback();
			assertThat(run.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(run.getExitStatus().getExitDescription()).contains("1 check(s) failed: table-sizes");
		}
		assertThat(result("table-sizes")).containsEntry("status", "ERROR");
		assertThat((String) result("table-sizes").get("summary")).contains("timeout");
		assertThat(this.jdbc.queryForList(
				"SELECT check_name FROM lumiku_worker.db_check_result WHERE status <> 'ERROR' ORDER BY check_name",
				String.class))
			.containsExactly("bloat", "cache-hit-rate", "index-hit-rate", "pending-generations", "redundant-indexes",
					"slow-statements", "unused-indexes");
		assertThat(this.jdbc.queryForObject(
				"SELECT succeeded_at IS NULL FROM lumiku_worker.db_check_result WHERE check_name = 'table-sizes'",
				Boolean.class))
			.isTrue();
	}

	@Test
	void a_run_publishes_its_figures_as_gauges() {
		TestRows.user("gauge-user").insert(this.jdbc);
		TestRows.project("looping_flow_projects", "gauge-project", "gauge-user").insert(this.jdbc);
		generation("gauge-pending", "pending", Duration.ofHours(5));

		assertThat(this.runs.run(RunRequest.manual("db-maintenance", Map.of())).getStatus())
			.isEqualTo(BatchStatus.COMPLETED);

		assertThat(
				this.meters.get("lumiku_db_generations_pending_over_hour").tag("app", "looping-flow").gauge().value())
			.isEqualTo(1);
		assertThat(this.meters.get("lumiku_db_unused_indexes").gauge().value())
			.isEqualTo(figures("lumiku_db_unused_indexes").get(""));
		assertThat(this.meters.get("lumiku_db_table_bytes").tag("table", "credits").gauge().value()).isPositive();
		assertThat(this.meters.get("lumiku_db_maintenance_last_run_timestamp_seconds")
			.tag("check", "bloat")
			.gauge()
			.value()).isCloseTo(System.currentTimeMillis() / 1000.0, within(120.0));
		// no pg_stat_statements in the test server: no figure rather than a made-up one
		assertThat(this.meters.find("lumiku_db_slowest_statement_mean_seconds").gauges()).isEmpty();
		assertThat(this.meters.find("lumiku_db_table_growth_ratio").gauges()).isEmpty();
	}

	@Test
	void the_gauges_show_what_another_process_saved_once_refreshed_and_drop_what_it_no_longer_finds() {
		// as if db-maintenance had run in another process of the cluster
		this.jdbc.update("""
				INSERT INTO lumiku_worker.db_check_value (check_name, metric, label, value) VALUES
				    ('bloat', 'lumiku_db_bloat_ratio', 'credits', 0.35),
				    ('bloat', 'lumiku_db_bloat_ratio', 'sessions', 0.05)""");
		this.metrics.refresh();
		assertThat(this.meters.get("lumiku_db_bloat_ratio").tag("table", "credits").gauge().value()).isEqualTo(0.35);

		this.jdbc.update("DELETE FROM lumiku_worker.db_check_value WHERE label = 'credits'");
		this.metrics.refresh();
		assertThat(this.meters.find("lumiku_db_bloat_ratio").tag("table", "credits").gauges()).isEmpty();
		assertThat(this.meters.get("lumiku_db_bloat_ratio").tag("table", "sessions").gauge().value()).isEqualTo(0.05);
	}

	@Test
	void the_report_puts_each_figure_beside_its_threshold_and_says_what_it_could_not_check() {
		TestRows.user("report-user").insert(this.jdbc);
		TestRows.project("looping_flow_projects", "report-project", "report-user").insert(this.jdbc);
		generation("report-pending", "pending", Duration.ofHours(2));
		StringWriter text = new StringWriter();

		this.report.print(new PrintWriter(text));

		String report = text.toString();
		assertThat(report).startsWith("Database report: " + this.database.name());
		assertThat(report).containsPattern("(?m)^CHECK +STATUS +FIGURE +THRESHOLD$")
			.containsPattern("(?m)^pending-generations +WARN +1 pending > 1h +WARN above 0 pending longer than 1h$")
			.containsPattern("(?m)^cache-hit-rate +(OK|WARN|NOTE) +.* +WARN below 90.0 %$")
			.containsPattern("(?m)^index-hit-rate +(OK|WARN|NOTE) +.* +WARN below 99.0 %$")
			.containsPattern("(?m)^slow-statements +NOTE +not checked: no pg_stat_statements +WARN when")
			.containsPattern("(?m)^table-sizes +OK ")
			.containsPattern("(?m)^redundant-indexes +OK +0 redundant +WARN above 0$");
		assertThat(report)
			.contains("Findings:\n  pending-generations (WARN): 1 pending > 1h\n    looping-flow  1 pending")
			.contains("Not checked or not judged:\n")
			.contains(
					"  slow-statements (NOTE): not checked: no pg_stat_statements\n    install it to see slow statements")
			.contains("none yet (run: lumiku-worker jobs run db-maintenance)");
		// the report records nothing
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.db_size_sample", Long.class)).isZero();
	}

	@Test
	void vacuum_skips_a_table_it_cannot_lock_in_time_and_vacuums_the_others() throws Exception {
		try (Connection locker = this.dataSource.getConnection(); Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			statement.execute("LOCK TABLE credits IN SHARE UPDATE EXCLUSIVE MODE");

			JobExecution run = this.runs.run(RunRequest.manual("db-vacuum",
					Map.of("tables", "credits,sessions,no_such_table", "lockTimeout", "200ms")));

			locker.rollback();
			assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(run.getExitStatus().getExitDescription()).contains("1 vacuumed, 2 skipped")
				.contains("credits  skipped: its lock was not free within PT0.2S")
				.contains("no_such_table  skipped: no such table in schema public");
		}
		assertThat(result("vacuum")).containsEntry("status", "WARN");
		assertThat(this.jdbc.queryForObject(
				"SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'sessions'", Boolean.class))
			.isTrue();
	}

	@Test
	void an_unknown_check_and_a_table_that_is_not_a_name_are_refused_before_a_run() {
		long executions = this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution",
				Long.class);
		double launchFailures = launchFailures();
		assertThatThrownBy(() -> this.runs.run(RunRequest.manual("db-maintenance", Map.of("checks", "bloat,bogus"))))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'checks': unknown value 'bogus'; expected all, or some of:");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class))
			.as("no execution was created")
			.isEqualTo(executions);
		assertThat(launchFailures()).as("a refused parameter is not a launch failure").isEqualTo(launchFailures);

		assertThatThrownBy(() -> this.runs.run(RunRequest.manual("db-vacuum", Map.of("tables", "users; DROP TABLE x"))))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'tables': 'users; DROP TABLE x' is not a name");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class))
			.as("no execution was created for the vacuum either")
			.isEqualTo(executions);
	}

	private double launchFailures() {
		return this.meters.get("lumiku_job_launch_failures_total").tag("job_name", "db-maintenance").counter().count();
	}

	private CheckOutcome check(MaintenanceCheck check) {
		return new RunChecks(this.jdbc, new org.springframework.jdbc.support.JdbcTransactionManager(this.dataSource),
				Duration.ofSeconds(30))
			.run(List.of(check), false)
			.get(0);
	}

	private static double value(CheckOutcome outcome, String metric, String label) {
		return outcome.values()
			.stream()
			.filter((v) -> v.metric().equals(metric) && v.label().equals(label))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + metric + "{" + label + "} in " + outcome))
			.value();
	}

	private Map<String, Double> figures(String metric) {
		Map<String, Double> figures = new java.util.TreeMap<>();
		this.jdbc.query("SELECT label, value FROM lumiku_worker.db_check_value WHERE metric = ?", (rs) -> {
			figures.put(rs.getString(1), rs.getDouble(2));
		}, metric);
		return figures;
	}

	private Map<String, Object> result(String check) {
		return this.jdbc.queryForMap("SELECT * FROM lumiku_worker.db_check_result WHERE check_name = ?", check);
	}

	private void generation(String id, String status, Duration age) {
		String project = this.jdbc.queryForObject("SELECT max(id) FROM looping_flow_projects", String.class);
		String user = this.jdbc.queryForObject("SELECT \"userId\" FROM looping_flow_projects WHERE id = ?",
				String.class, project);
		TestRows.loopingFlowGeneration(id, project, user).set("status", status).createdAgo(age).insert(this.jdbc);
	}

	private void sample(String table, int daysAgo, long totalBytes) {
		this.jdbc.update("""
				INSERT INTO lumiku_worker.db_size_sample (sampled_at, table_name, table_bytes, index_bytes, total_bytes)
				VALUES (now() - make_interval(days => ?), ?, ?, 0, ?)""", daysAgo, table, totalBytes, totalBytes);
	}

	private double deadRatio(String table) {
		return this.jdbc.queryForObject("""
				SELECT coalesce(n_dead_tup::float8 / nullif(n_live_tup + n_dead_tup, 0), 0)
				FROM pg_stat_user_tables WHERE relname = ?""", Double.class, table);
	}

	/** Runs statements on one connection, then makes it flush its statistics. */
	private void inOneSession(String... statements) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
			statement.execute("SELECT pg_stat_force_next_flush()");
			statement.execute("RESET ALL");
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
