package com.lumiku.worker.audit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import com.lumiku.worker.operator.WorkerCommand;
import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI working directly on the database records each action as {@code cli:<OS user>},
 * a failed one with its reason, and {@code jobs audit} prints them. (No application
 * context of its own in this JVM: the CLI starts one per command, as it does for an
 * operator.)
 */
class CliAuditTest {

	private static final String CLI = "cli:" + System.getProperty("user.name");

	private TestDatabase database;

	@BeforeEach
	void pointTheCliAtAFreshDatabase() {
		this.database = MigratedDatabases.fresh("cliaudit");
		this.database.workerEnvironment().forEach(System::setProperty);
		System.setProperty("LUMIKU_MIGRATE_ON_START", "false");
		System.setProperty("LUMIKU_JOBS_DIR", Path.of("jobs").toAbsolutePath().toString());
	}

	@AfterEach
	void cleanUp() {
		this.database.workerEnvironment().keySet().forEach(System::clearProperty);
		System.clearProperty("LUMIKU_MIGRATE_ON_START");
		System.clearProperty("LUMIKU_JOBS_DIR");
		PostgresServer.get().dropDatabase(this.database);
	}

	@Test
	void each_cli_action_is_one_row_as_the_os_user_and_jobs_audit_prints_them() {
		assertThat(cli("jobs", "pause", "job-history-prune")).isZero();
		assertThat(cli("jobs", "resume", "job-history-prune")).isZero();
		assertThat(cli("jobs", "run", "job-history-prune", "retention=30d")).isZero();
		assertThat(cli("jobs", "stop", "987654")).isNotZero();
		assertThat(cli("jobs", "reload")).isZero();
		assertThat(cli("jobs", "list")).as("reading is not audited").isZero();

		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		assertThat(jdbc.queryForList("""
				SELECT action || ' ' || coalesce(job_name, coalesce(execution_id::text, '-')) || ' ' || outcome
				    || ' ' || parameters::text
				FROM lumiku_worker.operator_audit WHERE actor = ? AND surface = 'cli' ORDER BY id""", String.class,
				CLI))
			.containsExactly("pause job-history-prune done {}", "resume job-history-prune done {}",
					"run job-history-prune done {\"retention\": \"30d\"}", "stop 987654 failed {}", "reload - done {}");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.operator_audit"
				+ " WHERE finished_at IS NOT NULL AND at <= finished_at", Long.class))
			.isEqualTo(5);
		assertThat(jdbc.queryForObject("SELECT detail FROM lumiku_worker.operator_audit WHERE action = 'stop'",
				String.class))
			.contains("987654");

		StringWriter output = new StringWriter();
		assertThat(cli(output, "jobs", "audit", "--job", "job-history-prune")).isZero();
		assertThat(output.toString()).contains("ACTOR", CLI, "pause", "resume", "{retention=30d}")
			.doesNotContain("reload");
	}

	private static int cli(String... arguments) {
		return cli(new StringWriter(), arguments);
	}

	private static int cli(StringWriter output, String... arguments) {
		PrintWriter writer = new PrintWriter(output, true);
		int exit = WorkerCommand.execute(writer, writer, arguments);
		return exit;
	}

}
