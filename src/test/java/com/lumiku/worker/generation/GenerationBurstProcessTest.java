package com.lumiku.worker.generation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, defect 0: two warm worker processes (noop handler, 2 threads each, claim-batch
 * 500) idle on the empty queue of a fresh database, then the app inserts 20,000 pending
 * rows in one statement. The drain took ~290 s (~70 rows/s): each idle claimer had polled
 * often enough for its prepared claim to run on a generic plan made while the table was
 * empty, which ran one claim for 20-40 s while the three other claimers waited on the
 * app's claim lock. Autovacuum is off for the table, so the outcome does not depend on
 * when (or whether) it analyzes the table during the drain: the claim must be cheap
 * whatever the statistics say.
 */
@Tag("multi-jvm")
class GenerationBurstProcessTest {

	private static final int USERS = 1000;

	private static final int ROWS = 20_000;

	private static final Duration IDLE = Duration.ofSeconds(5);

	@TempDir
	Path directory;

	private final List<WorkerProcess> workers = new ArrayList<>();

	private TestDatabase database;

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(WorkerProcess::close);
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void a_burst_of_twenty_thousand_rows_into_an_idle_queue_drains_within_a_minute_on_two_processes() throws Exception {
		this.database = MigratedDatabases.fresh("queueburst");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		seedUsers(jdbc);
		jdbc.execute("ALTER TABLE looping_flow_generations SET (autovacuum_enabled = false)");
		Path config = this.directory.resolve("generation-queue.yml");
		Files.writeString(config, """
				lumiku:
				  generation:
				    enabled: true
				    poll-interval: 100ms
				    apps:
				      looping-flow:
				        threads: 2
				        concurrency: 1000000
				        per-user-cap: 1000000
				        claim-batch: 500
				        timeout: 1m
				        handler:
				          kind: noop
				""");
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_GENERATION_CONFIG", config.toString());
		environment.put("LUMIKU_JOBS_DIR", Files.createDirectories(this.directory.resolve("no-jobs")).toString());
		for (int i = 1; i <= 2; i++) {
			this.workers.add(WorkerProcess.start("burst-" + i, environment));
		}
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.failFast("a worker process exited", () -> this.workers.stream().anyMatch((w) -> !w.isAlive()))
				.until(() -> this.workers.stream().allMatch((w) -> w.output().contains("Generation queue started")));
			// the idle queue: in 5 s every claimer polls about 50 times, far more than
			// the
			// ten after which its prepared claim may run on a generic plan
			Thread.sleep(IDLE.toMillis());

			long start = System.nanoTime();
			jdbc.update("""
					INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
					        "creditUsed", "createdAt")
					SELECT 'g-' || i, 'p' || (1 + i % ?), 'u' || (1 + i % ?), 'v', 10, 1,
					       timezone('UTC', now()) - interval '1 hour' + i * interval '1 millisecond'
					FROM generate_series(1, ?) i""", USERS, USERS, ROWS);
			try {
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.failFast("a worker process exited", () -> this.workers.stream().anyMatch((w) -> !w.isAlive()))
					.until(() -> unfinished(jdbc) == 0);
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("the burst did not drain within 60 s: " + unfinished(jdbc) + " of " + ROWS
						+ " rows still pending or processing", ex);
			}
			System.out.printf("%,d rows drained by 2 processes x 2 threads in %.1f s%n", ROWS,
					(System.nanoTime() - start) / 1e9);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM looping_flow_generations WHERE status = 'completed'",
					Long.class))
				.isEqualTo(ROWS);
		}
		catch (AssertionError | RuntimeException ex) {
			StringBuilder logs = new StringBuilder();
			this.workers.forEach((w) -> {
				String output = w.output();
				logs.append("\n===== ")
					.append(w.id())
					.append(" =====\n")
					.append((output.length() > 4000) ? output.substring(output.length() - 4000) : output);
			});
			throw new AssertionError(ex.getMessage() + "\nWorker logs:" + logs, ex);
		}
	}

	private static void seedUsers(JdbcTemplate jdbc) {
		jdbc.update("""
				INSERT INTO users (id, email, password, "updatedAt")
				SELECT 'u' || i, 'u' || i || '@test', 'x', timezone('UTC', now()) FROM generate_series(1, ?) i""",
				USERS);
		jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				SELECT 'p' || i, 'u' || i, 'p', timezone('UTC', now()) FROM generate_series(1, ?) i""", USERS);
	}

	private static long unfinished(JdbcTemplate jdbc) {
		return jdbc.queryForObject(
				"SELECT count(*) FROM looping_flow_generations WHERE status IN ('pending', 'processing')", Long.class);
	}

}
