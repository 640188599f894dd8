package com.lumiku.worker.scheduling;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import com.lumiku.worker.operator.WorkerCommand;
import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A daemon's run against operators and failures from outside its JVM: the CLI (which
 * works on the database directly) must not take over a run a live daemon is running, and
 * a scheduled period the daemon lost because the database went away under it is resumed
 * by the daemon itself once the database is back, its schedule running on.
 */
@Tag("multi-jvm")
class OrphanedRunProcessTest {

	@TempDir
	Path jobsDirectory;

	private WorkerProcess worker;

	private TestDatabase database;

	private EmbeddedPostgres ownServer;

	private Path ownServerData;

	@AfterEach
	void cleanUp() throws IOException {
		if (this.worker != null) {
			this.worker.close();
		}
		if (this.database != null && this.ownServer == null) {
			PostgresServer.get().dropDatabase(this.database);
		}
		if (this.ownServer != null) {
			this.ownServer.close();
			FileSystemUtils.deleteRecursively(this.ownServerData);
		}
		System.clearProperty("LUMIKU_DB_URL");
		System.clearProperty("LUMIKU_DB_USER");
		System.clearProperty("LUMIKU_DB_PASSWORD");
		System.clearProperty("lumiku.test-jobs.enabled");
	}

	@Test
	void the_cli_refuses_to_restart_a_run_a_live_daemon_is_running_and_leaves_it_alone() throws Exception {
		this.database = MigratedDatabases.fresh("restartlive");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		scheduleOnce("test-slow", 15, 60, 100);
		this.worker = WorkerProcess.start("daemon", environment(this.database));
		await().atMost(Duration.ofSeconds(90))
			.failFast("the worker exited", () -> !this.worker.isAlive())
			.until(() -> items(jdbc) >= 5);
		long executionId = jdbc.queryForObject("SELECT job_execution_id FROM lumiku_worker.batch_job_execution",
				Long.class);

		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		this.database.workerEnvironment().forEach(System::setProperty);
		System.setProperty("lumiku.test-jobs.enabled", "true");
		int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "jobs", "restart",
				String.valueOf(executionId));

		assertThat(exit).as("jobs restart: " + out + err).isEqualTo(1);
		assertThat(err.toString()).contains("Execution " + executionId + " of 'test-slow' is running on worker daemon-",
				"stop it first");
		await().atMost(Duration.ofSeconds(60))
			.failFast("the worker exited", () -> !this.worker.isAlive())
			.until(() -> "COMPLETED".equals(status(jdbc, executionId)));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class))
			.as("executions: the daemon's only, no second one in parallel")
			.isEqualTo(1);
		assertThat(items(jdbc)).isEqualTo(60);
		assertThat(this.worker.output()).doesNotContain("OptimisticLockingFailureException");
	}

	@Test
	void a_period_lost_when_the_database_went_away_is_resumed_by_the_daemon_and_completes() throws Exception {
		int port = freePort();
		this.ownServerData = Files.createTempDirectory("lumiku-restarted-pg");
		this.ownServer = startServer(port);
		this.database = new TestDatabase(this.ownServer.getJdbcUrl("postgres", "postgres"), "postgres", null,
				"postgres");
		MigratedDatabases.migrate(this.database);
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		Files.writeString(this.jobsDirectory.resolve("test-slow.yml"), """
				job: test-slow
				cron: "*/5 * * * * ?"
				overlap: skip
				misfire: skip
				parameters:
				  items: 20
				  delayMillis: 200
				""");
		Map<String, String> environment = environment(this.database);
		environment.put("LUMIKU_DB_CONNECT_TIMEOUT_MS", "1000");
		environment.put("LUMIKU_MAINTENANCE_INTERVAL", "1s");
		environment.put("LUMIKU_CLUSTER_CHECKIN_INTERVAL_MS", "1000");
		this.worker = WorkerProcess.start("db-restart", environment);
		await().atMost(Duration.ofSeconds(90))
			.failFast("the worker exited", () -> !this.worker.isAlive())
			.until(() -> items(jdbc) >= 3);
		long lost = jdbc.queryForObject("SELECT min(job_execution_id) FROM lumiku_worker.batch_job_execution",
				Long.class);
		String lostKey = runKey(jdbc, lost);

		this.ownServer.close(); // the database goes away under the running step
		Thread.sleep(8_000);
		this.ownServer = startServer(port);

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.failFast("the worker exited", () -> !this.worker.isAlive())
			.until(() -> "COMPLETED".equals(lastStatus(jdbc, lostKey)) && completedAfter(jdbc, lost) >= 2);
		assertThat(status(jdbc, lost)).as("the lost execution, marked for its restart").isEqualTo("FAILED");
		assertThat(itemsOf(jdbc, lostKey)).as("the lost period's items, each once").isEqualTo(20);
		assertThat(this.worker.output()).contains("Resuming lost period " + lostKey + " of test-slow from execution");
	}

	private static String runKey(JdbcTemplate jdbc, long executionId) {
		return jdbc.queryForObject("SELECT parameter_value FROM lumiku_worker.batch_job_execution_params "
				+ "WHERE job_execution_id = ? AND parameter_name = 'runKey'", String.class, executionId);
	}

	/** The status of the newest execution of a period. */
	private static String lastStatus(JdbcTemplate jdbc, String runKey) {
		return jdbc.queryForObject("""
				SELECT e.status FROM lumiku_worker.batch_job_execution e
				JOIN lumiku_worker.batch_job_execution_params p USING (job_execution_id)
				WHERE p.parameter_name = 'runKey' AND p.parameter_value = ?
				ORDER BY e.job_execution_id DESC LIMIT 1
				""", String.class, runKey);
	}

	private static long itemsOf(JdbcTemplate jdbc, String runKey) {
		return jdbc.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = ?", Long.class, runKey);
	}

	private void scheduleOnce(String job, int secondsFromNow, int items, int delayMillis) throws IOException {
		ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(secondsFromNow);
		Files.writeString(this.jobsDirectory.resolve(job + ".yml"), """
				job: %s
				cron: "%d %d %d %d %d ? %d"
				parameters:
				  items: %d
				  delayMillis: %d
				""".formatted(job, at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(), at.getMonthValue(),
				at.getYear(), items, delayMillis));
	}

	private Map<String, String> environment(TestDatabase database) {
		Map<String, String> environment = new HashMap<>(database.workerEnvironment());
		environment.put("LUMIKU_JOBS_DIR", this.jobsDirectory.toString());
		return environment;
	}

	private EmbeddedPostgres startServer(int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.ownServerData)
			.setCleanDataDirectory(false)
			.setPort(port)
			.start();
	}

	private static String status(JdbcTemplate jdbc, long executionId) {
		return jdbc.queryForObject("SELECT status FROM lumiku_worker.batch_job_execution WHERE job_execution_id = ?",
				String.class, executionId);
	}

	private static long completedAfter(JdbcTemplate jdbc, long executionId) {
		return jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution "
				+ "WHERE job_execution_id > ? AND status = 'COMPLETED'", Long.class, executionId);
	}

	private static long items(JdbcTemplate jdbc) {
		Boolean exists = jdbc.queryForObject("SELECT to_regclass('test_slow_items') IS NOT NULL", Boolean.class);
		return Boolean.TRUE.equals(exists) ? jdbc.queryForObject("SELECT count(*) FROM test_slow_items", Long.class)
				: 0;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
