package com.lumiku.worker.scheduling;

import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM on a worker in the middle of a run: the process stops taking work, lets the
 * chunk in hand commit, records the run STOPPED with its position, and exits; the run
 * then restarts from there and writes every item exactly once.
 */
@Tag("multi-jvm")
class GracefulShutdownTest {

	@TempDir
	Path jobsDirectory;

	private TestDatabase database;

	private WorkerProcess worker;

	@AfterEach
	void cleanUp() {
		if (this.worker != null) {
			this.worker.close();
		}
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void sigterm_lets_the_chunk_in_hand_commit_and_leaves_a_restartable_stopped_run() throws Exception {
		this.database = MigratedDatabases.fresh("graceful");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20);
		Files.writeString(this.jobsDirectory.resolve("test-slow.yml"), """
				job: test-slow
				cron: "%d %d %d %d %d ? %d"
				parameters:
				  items: 120
				  delayMillis: 100
				""".formatted(at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(), at.getMonthValue(),
				at.getYear()));
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_JOBS_DIR", this.jobsDirectory.toString());
		environment.put("LUMIKU_SHUTDOWN_GRACE", "20s");
		this.worker = WorkerProcess.start("graceful", environment);

		await().atMost(Duration.ofSeconds(90))
			.failFast("the worker exited", () -> !this.worker.isAlive())
			.until(() -> items(jdbc) >= 10);
		int exit = this.worker.terminate(Duration.ofSeconds(40));

		Map<String, Object> run = jdbc.queryForMap("""
				SELECT e.job_execution_id, e.status, s.write_count
				FROM lumiku_worker.batch_job_execution e
				JOIN lumiku_worker.batch_step_execution s USING (job_execution_id)
				""");
		long written = items(jdbc);
		// 143 = 128 + SIGTERM: the JVM's exit code once its shutdown hooks have completed
		assertThat(exit).as("exit code after SIGTERM\n" + this.worker.output()).isIn(0, 143);
		assertThat(run.get("status")).as("run status after SIGTERM").isEqualTo("STOPPED");
		assertThat(written).as("rows committed = items the step recorded as written")
			.isEqualTo(((Number) run.get("write_count")).longValue())
			.isLessThan(120);

		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		this.database.workerEnvironment().forEach(System::setProperty);
		System.setProperty("lumiku.test-jobs.enabled", "true");
		int restart = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "jobs", "restart",
				String.valueOf(run.get("job_execution_id")));
		assertThat(restart).as("jobs restart: " + out + err).isZero();
		assertThat(items(jdbc)).as("every item written once (primary key)").isEqualTo(120);
	}

	private static long items(JdbcTemplate jdbc) {
		Boolean exists = jdbc.queryForObject("SELECT to_regclass('test_slow_items') IS NOT NULL", Boolean.class);
		return Boolean.TRUE.equals(exists) ? jdbc.queryForObject("SELECT count(*) FROM test_slow_items", Long.class)
				: 0;
	}

}
