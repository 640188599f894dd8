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
import com.lumiku.worker.testsupport.TestRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three worker processes (separate JVMs, {@code serve}) drain 10,000 generations of 100
 * users; one is killed with -9 in the middle. Every row ends completed or failed; every
 * attempt ran exactly once; a row ran more than once only because its holder was the
 * killed process; the credits ledger chains and no generation is refunded twice.
 */
@Tag("multi-jvm")
class GenerationQueueProcessTest {

	private static final int USERS = 100;

	private static final int PER_USER = 100;

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
	void three_processes_drain_ten_thousand_generations_each_attempt_once_despite_a_kill_9() throws Exception {
		this.database = MigratedDatabases.fresh("queueprocs");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		seed(jdbc);
		Path config = this.directory.resolve("generation-queue.yml");
		Files.writeString(config, """
				lumiku:
				  generation:
				    enabled: true
				    rescue-interval: 500ms
				    apps:
				      looping-flow:
				        threads: 3
				        concurrency: 1000
				        per-user-cap: 20
				        claim-batch: 20
				        timeout: 100ms
				        lease-margin: 2s
				        max-attempts: 3
				        backoff: 50ms
				        max-backoff: 200ms
				        handler:
				          kind: recording
				""");
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_GENERATION_CONFIG", config.toString());
		environment.put("LUMIKU_JOBS_DIR", Files.createDirectories(this.directory.resolve("no-jobs")).toString());
		for (int i = 1; i <= 3; i++) {
			this.workers.add(WorkerProcess.start("queue-" + i, environment));
		}
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.failFast("a worker process exited", () -> this.workers.stream().anyMatch((w) -> !w.isAlive()))
				.until(() -> finished(jdbc) >= 3_000 && distinctWorkers(jdbc) == 3);
			WorkerProcess victim = this.workers.get(0);
			victim.kill();
			long finishedAtKill = finished(jdbc);
			assertThat(finishedAtKill).as("killed in the middle").isLessThan(USERS * PER_USER);

			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> finished(jdbc) == USERS * PER_USER);

			assertThat(jdbc.queryForList("""
					SELECT status, count(*) FROM looping_flow_generations GROUP BY status ORDER BY status"""))
				.as("every row completed or failed")
				.extracting((row) -> row.get("status"))
				.containsExactly("completed", "failed");
			assertThat(jdbc.queryForList("""
					SELECT generation_id, attempt FROM generation_calls GROUP BY generation_id, attempt
					HAVING count(*) > 1""")).as("attempts that ran twice").isEmpty();
			assertThat(jdbc.queryForList("""
					SELECT c.generation_id FROM generation_calls c
					JOIN looping_flow_generations g ON g.id = c.generation_id
					WHERE c.attempt < g.worker_attempts AND g.id NOT LIKE '%-fail'
					  AND c.worker NOT LIKE ? || '-%'""", String.class, victim.id()))
				.as("rows re-run although their earlier holder was alive")
				.isEmpty();
			long rerun = jdbc.queryForObject("""
					SELECT count(*) FROM looping_flow_generations WHERE id NOT LIKE '%-fail' AND worker_attempts > 1
					""", Long.class);
			assertThat(rerun).as("rows the killed process held (3 threads x claim-batch 20 at most)")
				.isLessThanOrEqualTo(60);
			assertThat(jdbc.queryForObject("""
					SELECT count(*) FROM looping_flow_generations g
					WHERE g.status = 'completed' AND (SELECT count(*) FROM generation_calls c
					      WHERE c.generation_id = g.id AND c.attempt = g.worker_attempts) <> 1""", Long.class))
				.as("completed rows whose completing attempt did not run exactly once")
				.isZero();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM looping_flow_generations WHERE status = 'failed'",
					Long.class))
				.isEqualTo(USERS);
			assertThat(jdbc.queryForList(GenerationQueueTransitionsTest.ledgerInvariant())).isEmpty();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM credits WHERE type = 'refund'", Long.class))
				.as("one refund per failed row")
				.isEqualTo(USERS);
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

	/** 100 users with 100 pending rows each; each user's last row fails every attempt. */
	private static void seed(JdbcTemplate jdbc) {
		for (int i = 1; i <= USERS; i++) {
			TestRows.user("u" + i).insert(jdbc);
		}
		jdbc.update("""
				INSERT INTO credits (id, "userId", amount, balance, type, "createdAt")
				SELECT 'bonus-' || i, 'u' || i, 1000, 1000, 'bonus', timezone('UTC', now()) - interval '1 day'
				FROM generate_series(1, ?) i""", USERS);
		jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				SELECT 'p' || i, 'u' || i, 'p', timezone('UTC', now()) FROM generate_series(1, ?) i""", USERS);
		jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "createdAt")
				SELECT 'g-' || i || '-' || j || CASE WHEN j = ? THEN '-fail' ELSE '' END, 'p' || i, 'u' || i, 'v', 10,
				       2, timezone('UTC', now()) - (j || ' milliseconds')::interval
				FROM generate_series(1, ?) i, generate_series(1, ?) j""", PER_USER, USERS, PER_USER);
	}

	private static long finished(JdbcTemplate jdbc) {
		return jdbc.queryForObject(
				"SELECT count(*) FROM looping_flow_generations WHERE status IN ('completed', 'failed')", Long.class);
	}

	private static long distinctWorkers(JdbcTemplate jdbc) {
		return Boolean.TRUE
			.equals(jdbc.queryForObject("SELECT to_regclass('generation_calls') IS NOT NULL", Boolean.class))
					? jdbc.queryForObject("SELECT count(DISTINCT worker) FROM generation_calls", Long.class) : 0;
	}

}
