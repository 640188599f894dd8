package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract: exit codes, one-line reasons, help on every command. */
class CommandLineTest {

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@AfterEach
	void clearEnvironment() {
		TestDatabase.clearWorkerEnvironment();
	}

	@Test
	void migrate_brings_an_empty_database_to_the_latest_version_and_is_repeatable() {
		TestDatabase database = PostgresServer.get().newDatabase("cli_migrate");
		use(database);
		int migrations = migrationCount();
		assertThat(run("migrate")).isZero();
		assertThat(this.out.toString()).contains("Schema is at version " + latestVersion());
		assertThat(run("migrate")).isZero();
		assertThat(new JdbcTemplate(database.dataSource())
			.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
			.isEqualTo(migrations);
		PostgresServer.get().dropDatabase(database);
	}

	@Test
	void a_url_that_is_not_postgresql_fails_with_a_one_line_reason() {
		System.setProperty("LUMIKU_DB_URL", "jdbc:mysql://localhost/lumiku");
		assertThat(run("migrate")).isEqualTo(1);
		assertThat(this.err.toString().strip()).isEqualTo(
				"lumiku-worker migrate: LUMIKU_DB_URL must be a PostgreSQL JDBC URL such as jdbc:postgresql://db:5432/lumiku, got 'jdbc:mysql://localhost/lumiku'");
	}

	@Test
	void an_unreachable_server_fails_with_a_one_line_reason() {
		System.setProperty("LUMIKU_DB_URL", "jdbc:postgresql://127.0.0.1:1/lumiku");
		assertThat(run("migrate")).isEqualTo(1);
		assertThat(this.err.toString().strip()).startsWith("lumiku-worker migrate: ")
			.contains("127.0.0.1:1")
			.doesNotContain("\n");
	}

	@Test
	void a_user_the_server_refuses_fails_with_the_servers_reason() {
		TestDatabase database = PostgresServer.get().newDatabase("cli_refused");
		String urlWithoutUser = database.url().replaceAll("\\?.*$", "");
		System.setProperty("LUMIKU_DB_URL", urlWithoutUser);
		System.setProperty("LUMIKU_DB_USER", "no_such_role");
		System.setProperty("LUMIKU_DB_PASSWORD", "wrong");
		assertThat(run("migrate")).isEqualTo(1);
		assertThat(this.err.toString().strip()).startsWith("lumiku-worker migrate: ")
			.contains("no_such_role")
			.doesNotContain("\n");
		PostgresServer.get().dropDatabase(database);
	}

	@Test
	void a_word_outside_a_choice_exits_1_with_the_nearest_word_and_launches_nothing() {
		TestDatabase database = PostgresServer.get().newDatabase("cli_choice");
		use(database);
		assertThat(run("migrate")).isZero();

		assertThat(run("jobs", "run", "analytics-refresh", "mode=fulll")).as(this.err.toString()).isEqualTo(1);

		assertThat(this.err.toString())
			.contains("parameter 'mode': unknown value 'fulll'; did you mean 'full'? expected one of: incremental,"
					+ " concurrent, both, full");
		assertThat(new JdbcTemplate(database.dataSource())
			.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Integer.class))
			.as("no execution was created")
			.isZero();
		PostgresServer.get().dropDatabase(database);
	}

	@Test
	void an_unknown_command_is_a_usage_error() {
		assertThat(run("frobnicate")).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unmatched argument at index 0: 'frobnicate'");
	}

	@Test
	void a_negative_scale_is_a_usage_error() {
		assertThat(run("seed-demo", "--scale", "-5")).isEqualTo(2);
		assertThat(this.err.toString()).contains("--scale must be 0 or more, got -5");
	}

	@ParameterizedTest
	@ValueSource(strings = { "serve", "migrate", "seed-demo" })
	void every_command_explains_itself_with_help(String command) {
		assertThat(run(command, "--help")).isZero();
		assertThat(this.out.toString()).contains("Usage: lumiku-worker " + command);
	}

	@Test
	void top_level_help_lists_the_commands() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("serve", "migrate", "seed-demo", "LUMIKU_DB_URL");
	}

	private static int latestVersion() {
		try {
			return java.util.Arrays
				.stream(new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
					.getResources("classpath:db/migration/V*.sql"))
				.map((resource) -> resource.getFilename().replaceAll("^V(\\d+)__.*", "$1"))
				.mapToInt(Integer::parseInt)
				.max()
				.orElseThrow();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int migrationCount() {
		try {
			return new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
				.getResources("classpath:db/migration/V*.sql").length;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void use(TestDatabase database) {
		database.workerEnvironment().forEach(System::setProperty);
	}

	private int run(String... args) {
		return WorkerCommand.execute(new PrintWriter(this.out, true), new PrintWriter(this.err, true), args);
	}

}
