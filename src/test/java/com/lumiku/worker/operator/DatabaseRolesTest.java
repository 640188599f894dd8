package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code config/database-roles.sql} as documented: the runtime role runs the worker's
 * commands on a migrated database, and cannot change the schema.
 */
class DatabaseRolesTest {

	private static final List<String> PROPERTIES = List.of("LUMIKU_DB_URL", "LUMIKU_DB_USER", "LUMIKU_DB_PASSWORD",
			"LUMIKU_MIGRATE_ON_START", "LUMIKU_JOBS_DIR");

	private TestDatabase database;

	@AfterEach
	void cleanUp() {
		PROPERTIES.forEach(System::clearProperty);
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void the_runtime_role_runs_the_worker_and_cannot_change_the_schema() throws Exception {
		this.database = MigratedDatabases.fresh("roles");
		JdbcTemplate admin = new JdbcTemplate(this.database.dataSource());
		applyRolesFile(admin);

		String url = this.database.url().replaceAll("\\?.*$", "");
		System.setProperty("LUMIKU_DB_URL", url);
		System.setProperty("LUMIKU_DB_USER", "lumiku_worker");
		System.setProperty("LUMIKU_DB_PASSWORD", "change-me-runtime");
		System.setProperty("LUMIKU_MIGRATE_ON_START", "false");
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

		SingleConnectionDataSource runtime = new SingleConnectionDataSource(url, "lumiku_worker", "change-me-runtime",
				true);
		try {
			JdbcTemplate jdbc = new JdbcTemplate(runtime);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM v_table_sizes", Long.class)).isPositive();
			assertThatThrownBy(() -> jdbc.execute("CREATE TABLE public.intruder (id int)")).rootCause()
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> jdbc.execute("TRUNCATE users CASCADE")).rootCause()
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> jdbc.execute("ALTER TABLE credits DROP CONSTRAINT chk_credits_type")).rootCause()
				.hasMessageContaining("must be owner");
			assertThatThrownBy(() -> jdbc.execute("DROP TABLE lumiku_worker.qrtz_locks")).rootCause()
				.hasMessageContaining("must be owner");
		}
		finally {
			runtime.destroy();
		}
	}

	/**
	 * Runs the documented file, with this test database's name; on a server where the
	 * roles already exist (a reused LUMIKU_TEST_DB_URL) their creation is skipped.
	 */
	private void applyRolesFile(JdbcTemplate admin) throws Exception {
		String script = Files.readString(Path.of("config/database-roles.sql"))
			.replace("ON DATABASE lumiku", "ON DATABASE " + this.database.name());
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
