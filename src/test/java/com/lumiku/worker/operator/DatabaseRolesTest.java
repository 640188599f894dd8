package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code config/database-roles.sql} as documented, and the tests run as its roles:
 * section 1 creates them, {@code migrate} runs as the migration owner on an empty
 * database, section 2 grants; then the runtime role runs the worker's commands, and each
 * role is refused what it must not do: the migration owner any cluster-wide power, the
 * runtime role DDL, erasing the archive catalogue or the audit trails and reading the app
 * users' secrets, the read-only role any write at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRolesTest {

	private static final List<String> PROPERTIES = List.of("LUMIKU_DB_URL", "LUMIKU_DB_USER", "LUMIKU_DB_PASSWORD",
			"LUMIKU_MIGRATE_ON_START", "LUMIKU_JOBS_DIR");

	private static final String SECTION_2 = "-- ==== Section 2";

	private TestDatabase database;

	private String url;

	private JdbcTemplate admin;

	/**
	 * One database for the class, built as documented (three migrations cost a minute).
	 */
	@BeforeAll
	void rolesAndMigration() throws Exception {
		rolesAndMigration("roles");
	}

	@AfterEach
	void clearProperties() {
		PROPERTIES.forEach(System::clearProperty);
	}

	@AfterAll
	void dropDatabase() {
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void the_runtime_role_runs_the_worker_on_a_database_its_migration_role_built() throws Exception {
		JdbcTemplate admin = this.admin;
		useRole("lumiku_worker", "change-me-runtime");
		System.setProperty("LUMIKU_JOBS_DIR", Path.of("jobs").toAbsolutePath().toString());
		assertThat(run("jobs", "reload")).isZero();
		assertThat(run("jobs", "pause", "job-history-prune")).isZero();
		assertThat(run("jobs", "resume", "job-history-prune")).isZero();
		assertThat(run("jobs", "run", "job-history-prune", "retention=1d")).isZero();
		assertThat(run("jobs", "run", "session-cleanup")).isZero();
		assertThat(run("jobs", "run", "payment-expiry")).isZero();
		assertThat(run("jobs", "run", "quota-reset")).isZero();
		assertThat(run("jobs", "run", "subscription-expiry")).isZero();
		assertThat(run("jobs", "run", "subscription-renewal")).isZero();
		assertThat(run("jobs", "run", "db-maintenance")).isZero();
		assertThat(run("jobs", "run", "db-vacuum")).isZero();
		assertThat(run("db", "report")).isZero();
		// VACUUM as the runtime role: MAINTAIN (PostgreSQL 17+) was enough, no table
		// skipped
		assertThat(admin.queryForObject("SELECT status FROM lumiku_worker.db_check_result WHERE check_name = 'vacuum'",
				String.class))
			.isEqualTo("OK");
		assertThat(admin.queryForObject(
				"SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('credits', 'sessions') AND last_vacuum IS NOT NULL",
				Long.class))
			.isEqualTo(2);
		assertThat(run("jobs", "run", "analytics-refresh", "mode=full")).isZero();
		assertThat(run("jobs", "run", "analytics-refresh", "mode=both", "refreshViewsOlderThan=0s")).isZero();
		assertThat(run("jobs", "audit")).isZero();
		assertThat(admin.queryForObject("SELECT count(*) FROM lumiku_worker.operator_audit WHERE outcome = 'done'",
				Long.class))
			.as("each action audited as the runtime role")
			.isEqualTo(13);

		JdbcTemplate runtime = as("lumiku_worker", "change-me-runtime");
		assertThat(runtime.queryForObject("SELECT count(*) FROM v_table_sizes", Long.class)).isPositive();
		assertThat(runtime.queryForObject("SELECT count(email) FROM users", Long.class)).isNotNegative();
		refused(runtime, "CREATE TABLE public.intruder (id int)", "permission denied");
		refused(runtime, "CREATE TABLE lumiku_worker.intruder (id int)", "permission denied");
		refused(runtime, "TRUNCATE users CASCADE", "permission denied");
		refused(runtime, "ALTER TABLE credits DROP CONSTRAINT chk_credits_type", "must be owner");
		refused(runtime, "DROP TABLE lumiku_worker.qrtz_locks", "must be owner");
		refused(runtime, "DROP TABLE lumiku_worker.archive", "must be owner");
		refused(runtime, "DELETE FROM lumiku_worker.archive", "permission denied");
		refused(runtime, "TRUNCATE lumiku_worker.archive", "permission denied");
		refused(runtime, "DELETE FROM lumiku_worker.operator_audit", "permission denied");
		refused(runtime, "UPDATE lumiku_worker.operator_audit SET actor = 'someone else'", "permission denied");
		refused(runtime, "DELETE FROM lumiku_worker.console_action", "permission denied");
		refused(runtime, "SELECT password FROM users", "permission denied");
		refused(runtime, "SELECT token FROM sessions", "permission denied");
		refused(runtime, "SELECT * FROM users", "permission denied");
		refused(runtime, "CREATE ROLE intruder", "permission denied");
		refused(runtime, "REFRESH MATERIALIZED VIEW lumiku_worker.mv_daily_usage", "must be owner|permission denied");
	}

	@Test
	void the_read_only_role_reads_the_analytics_and_the_history_and_writes_nothing() throws Exception {
		JdbcTemplate readOnly = as("lumiku_worker_readonly", "change-me-readonly");
		assertThat(readOnly.queryForObject("SELECT count(*) FROM lumiku_worker.v_daily_usage", Long.class))
			.isNotNegative();
		assertThat(readOnly.queryForObject("SELECT count(*) FROM lumiku_worker.mv_revenue_daily", Long.class))
			.isNotNegative();
		assertThat(readOnly.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class))
			.isNotNegative();
		assertThat(readOnly.queryForObject("SELECT count(*) FROM lumiku_worker.operator_audit", Long.class))
			.isNotNegative();
		assertThat(readOnly.queryForObject("SELECT count(*) FROM credits", Long.class)).isNotNegative();
		assertThat(readOnly.queryForObject("SELECT count(email) FROM users", Long.class)).isNotNegative();
		assertThat(readOnly.queryForObject("SHOW default_transaction_read_only", String.class)).isEqualTo("on");

		refused(readOnly, "INSERT INTO credits (id, \"userId\", amount, balance, type, description)"
				+ " VALUES ('x', 'u', 1, 1, 'bonus', 'intruder')", "read-only transaction");
		// the same session with read-write transactions: the privileges alone refuse
		SingleConnectionDataSource session = new SingleConnectionDataSource(this.url, "lumiku_worker_readonly",
				"change-me-readonly", true);
		JdbcTemplate writable = new JdbcTemplate(session);
		writable.execute("SET default_transaction_read_only = off");
		refused(writable,
				"INSERT INTO lumiku_worker.operator_audit (actor, surface, action) VALUES ('x', 'api', 'run')",
				"permission denied");
		refused(writable, "UPDATE users SET name = 'x'", "permission denied");
		refused(writable, "DELETE FROM sessions", "permission denied");
		refused(writable, "DELETE FROM lumiku_worker.qrtz_locks", "permission denied");
		refused(writable, "CREATE TABLE lumiku_worker.intruder (id int)", "permission denied");
		refused(writable, "TRUNCATE credits", "permission denied");
		refused(writable, "SELECT lumiku_worker.analytics_refresh_materialized_view('mv_daily_usage', false)",
				"permission denied");
		refused(writable, "SELECT nextval('lumiku_worker.batch_job_execution_seq')", "permission denied");
		refused(writable, "SELECT password FROM users", "permission denied");
		refused(writable, "SELECT token FROM sessions", "permission denied");
		session.destroy();
	}

	@Test
	void the_migration_role_owns_the_schema_but_has_no_cluster_wide_power() throws Exception {
		assertThat(this.admin.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'lumiku_worker'"
				+ " AND tableowner <> 'lumiku_worker_migrate'", Long.class))
			.as("every table of the worker's schema owned by the migration role")
			.isZero();
		JdbcTemplate migrate = as("lumiku_worker_migrate", "change-me-migrate");
		refused(migrate, "CREATE ROLE intruder", "permission denied");
		refused(migrate, "CREATE DATABASE intruder", "permission denied");
		refused(migrate, "ALTER SYSTEM SET work_mem = '1GB'", "permission denied");
		refused(migrate, "COPY (SELECT 1) TO PROGRAM 'true'", "permission denied");
		refused(migrate, "SELECT pg_read_file('postgresql.conf')", "permission denied");
	}

	/**
	 * Section 1 as the administrator on an empty database, {@code migrate} as
	 * lumiku_worker_migrate, section 2 as the administrator.
	 */
	private void rolesAndMigration(String purpose) throws Exception {
		this.database = PostgresServer.get().newDatabase(purpose);
		this.url = this.database.url().replaceAll("\\?.*$", "");
		JdbcTemplate admin = new JdbcTemplate(this.database.dataSource());
		String script = Files.readString(Path.of("config/database-roles.sql"))
			.replace("ON DATABASE lumiku", "ON DATABASE " + this.database.name());
		int section2 = script.indexOf(SECTION_2);
		assertThat(section2).as("the roles file's section 2").isPositive();
		apply(admin, script.substring(0, section2));
		useRole("lumiku_worker_migrate", "change-me-migrate");
		System.clearProperty("LUMIKU_MIGRATE_ON_START");
		assertThat(run("migrate")).isZero();
		apply(admin, script.substring(section2));
		PROPERTIES.forEach(System::clearProperty);
		this.admin = admin;
	}

	private void useRole(String user, String password) {
		System.setProperty("LUMIKU_DB_URL", this.url);
		System.setProperty("LUMIKU_DB_USER", user);
		System.setProperty("LUMIKU_DB_PASSWORD", password);
		System.setProperty("LUMIKU_MIGRATE_ON_START", "false");
	}

	private JdbcTemplate as(String user, String password) {
		return new JdbcTemplate(new DriverManagerDataSource(this.url, user, password));
	}

	private static void refused(JdbcTemplate jdbc, String sql, String reason) {
		assertThatThrownBy(() -> jdbc.execute(sql)).as(sql)
			.rootCause()
			.satisfies((cause) -> assertThat(cause.getMessage()).containsPattern(reason));
	}

	/**
	 * Runs part of the documented file; on a server where the roles already exist (a
	 * reused server) their creation becomes an ALTER.
	 */
	private static void apply(JdbcTemplate admin, String script) {
		for (String statement : statements(script.replaceAll("(?m)^\\s*--.*$", ""))) {
			String sql = statement.strip();
			if (sql.isEmpty()) {
				continue;
			}
			if (sql.startsWith("CREATE ROLE")) {
				String role = sql.split("\\s+")[2];
				if (admin.queryForObject("SELECT count(*) FROM pg_roles WHERE rolname = ?", Integer.class, role) > 0) {
					admin.execute(sql.replaceFirst("CREATE ROLE", "ALTER ROLE"));
					continue;
				}
			}
			admin.execute(sql);
		}
	}

	/** The script's statements: split at semicolons outside dollar-quoted bodies. */
	private static List<String> statements(String script) {
		List<String> statements = new ArrayList<>();
		Matcher quote = Pattern.compile("\\$[A-Za-z_]*\\$").matcher(script);
		String openQuote = null;
		int start = 0;
		for (int i = 0; i < script.length(); i++) {
			if (script.charAt(i) == '$' && quote.find(i) && quote.start() == i) {
				openQuote = (openQuote == null) ? quote.group() : (openQuote.equals(quote.group()) ? null : openQuote);
				i = quote.end() - 1;
			}
			else if (script.charAt(i) == ';' && openQuote == null) {
				statements.add(script.substring(start, i));
				start = i + 1;
			}
		}
		statements.add(script.substring(start));
		return statements;
	}

	private int run(String... arguments) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), arguments);
		assertThat(exit).as(String.join(" ", arguments) + ": " + out + err).isZero();
		return exit;
	}

}
