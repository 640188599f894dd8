package com.lumiku.worker.scheduling;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Three worker processes (separate JVMs) on one database: a schedule fires once per tick
 * across the cluster, and a long run whose process is killed with -9 is completed by
 * another process, every item written exactly once.
 */
@Tag("multi-jvm")
class ClusterProcessTest {

	@TempDir
	Path jobsDirectory;

	private final List<WorkerProcess> workers = new ArrayList<>();

	private TestDatabase database;

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(WorkerProcess::close);
		System.clearProperty("LUMIKU_DB_URL");
		System.clearProperty("LUMIKU_DB_USER");
		System.clearProperty("LUMIKU_DB_PASSWORD");
		System.clearProperty("LUMIKU_JOBS_DIR");
		System.clearProperty("lumiku.test-jobs.enabled");
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void three_processes_fire_each_tick_once_and_finish_a_killed_processs_run() throws Exception {
		this.database = MigratedDatabases.fresh("cluster");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		Files.writeString(this.jobsDirectory.resolve("test-tick.yml"), """
				job: test-tick
				cron: "*/2 * * * * ?"
				misfire: fire-once
				overlap: skip
				""");
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_JOBS_DIR", this.jobsDirectory.toString());
		environment.put("LUMIKU_CLUSTER_CHECKIN_INTERVAL_MS", "1000");
		environment.put("LUMIKU_HEARTBEAT_INTERVAL", "1s");
		environment.put("LUMIKU_WORKER_STALE_AFTER", "4s");
		environment.put("LUMIKU_MAINTENANCE_INTERVAL", "1s");
		for (int i = 1; i <= 3; i++) {
			this.workers.add(WorkerProcess.start("node-" + i, environment));
		}
		try {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofSeconds(1))
				.failFast("a worker process exited", () -> this.workers.stream().anyMatch((w) -> !w.isAlive()))
				.until(() -> liveWorkers(jdbc) == 3 && schedulerInstances(jdbc) == 3);

			// Phase 1: thirty two-second ticks with three schedulers competing for each.
			long ticksBefore = ticks(jdbc);
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(1))
				.failFast("a run key ran twice", () -> !duplicateRunKeys(jdbc).isEmpty())
				.until(() -> ticks(jdbc) - ticksBefore >= 30);
			assertThat(duplicateRunKeys(jdbc)).as("run keys that ran twice").isEmpty();
			assertThat(missedTicks(jdbc, ticksBefore)).as("two-second ticks missed among the last 30")
				.isBetween(0L, 2L);
			// Which process takes a tick is Quartz's business (the acquiring node often
			// keeps winning); that no tick ran twice or went missing is ours.

			// Phase 2: a slow run, scheduled once through a reload; kill -9 the process
			// running it.
			Files.writeString(this.jobsDirectory.resolve("test-slow.yml"), """
					job: test-slow
					cron: "%s"
					parameters:
					  items: 60
					  delayMillis: 150
					""".formatted(onceInAFewSeconds()));
			reloadThroughTheCli();
			await().atMost(Duration.ofSeconds(60)).until(() -> slowItems(jdbc) >= 10);
			String owner = jdbc.queryForObject("""
					SELECT o.worker_id FROM lumiku_worker.job_execution_owner o
					JOIN lumiku_worker.batch_job_execution e USING (job_execution_id)
					JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
					WHERE i.job_name = 'test-slow' AND e.status = 'STARTED'
					""", String.class);
			WorkerProcess victim = this.workers.stream()
				.filter((w) -> owner.startsWith(w.id() + "-"))
				.findFirst()
				.orElseThrow();
			victim.kill();
			long writtenAtKill = slowItems(jdbc);
			assertThat(writtenAtKill).isLessThan(60);

			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> jdbc.queryForObject("""
						SELECT count(*) FROM lumiku_worker.batch_job_execution e
						JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
						WHERE i.job_name = 'test-slow' AND e.status = 'COMPLETED'""", Long.class) == 1);
			assertThat(slowItems(jdbc)).as("items written, each once (primary key)").isEqualTo(60);
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM lumiku_worker.batch_job_instance WHERE job_name = 'test-slow'", Long.class))
				.as("one job instance: the same run, restarted")
				.isEqualTo(1);
			assertThat(jdbc.queryForList("SELECT DISTINCT worker FROM test_slow_items", String.class))
				.as("the run was finished by another process")
				.contains(victim.id())
				.hasSizeGreaterThan(1);
		}
		catch (AssertionError | RuntimeException ex) {
			StringBuilder logs = new StringBuilder();
			this.workers.forEach((w) -> logs.append("\n===== ")
				.append(w.id())
				.append(" =====\n")
				.append(recoveryLines(w.output()))
				.append("\n----- last lines -----\n")
				.append(tail(w.output())));
			throw new AssertionError(ex.getMessage() + "\nWorker logs:" + logs, ex);
		}
	}

	private void reloadThroughTheCli() {
		this.database.workerEnvironment().forEach(System::setProperty);
		System.setProperty("LUMIKU_JOBS_DIR", this.jobsDirectory.toString());
		System.setProperty("lumiku.test-jobs.enabled", "true");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "jobs", "reload");
		assertThat(exit).as("jobs reload: " + out + err).isZero();
		assertThat(out.toString()).contains("test-slow");
	}

	private static String onceInAFewSeconds() {
		java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(25);
		return "%d %d %d %d %d ? %d".formatted(at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(),
				at.getMonthValue(), at.getYear());
	}

	private static long liveWorkers(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.worker_instance WHERE mode = 'serve' "
				+ "AND heartbeat_at > now() - interval '5 seconds'", Long.class);
	}

	private static long schedulerInstances(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.qrtz_scheduler_state", Long.class);
	}

	private static long ticks(JdbcTemplate jdbc) {
		return exists(jdbc, "test_ticks") ? jdbc.queryForObject("SELECT count(*) FROM test_ticks", Long.class) : 0;
	}

	private static List<Map<String, Object>> duplicateRunKeys(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT run_key, count(*) FROM test_ticks GROUP BY run_key HAVING count(*) > 1");
	}

	/** Fire times (run keys) missing between the first and the last tick after a skip. */
	private static long missedTicks(JdbcTemplate jdbc, long skip) {
		return jdbc.queryForObject("""
				SELECT round(extract(epoch FROM max(k) - min(k)) / 2) + 1 - count(*)
				FROM (SELECT run_key::timestamptz AS k FROM test_ticks ORDER BY run_key OFFSET ?) ticks
				""", Long.class, skip);
	}

	private static long slowItems(JdbcTemplate jdbc) {
		return exists(jdbc, "test_slow_items") ? jdbc.queryForObject("SELECT count(*) FROM test_slow_items", Long.class)
				: 0;
	}

	private static boolean exists(JdbcTemplate jdbc, String table) {
		return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
	}

	/**
	 * What a recovery looks like in a worker's log, from its start (the tail may miss
	 * it).
	 */
	private static String recoveryLines(String text) {
		return text.lines()
			.filter((line) -> line.contains("test-slow") || line.contains("ClusterManager") || line.contains("ERROR")
					|| line.contains("Exception") || line.contains("ecover") || line.contains("Resum"))
			.filter((line) -> !line.contains("write-items] executed"))
			.limit(60)
			.collect(java.util.stream.Collectors.joining("\n"));
	}

	private static String tail(String text) {
		return (text.length() > 6000) ? text.substring(text.length() - 6000) : text;
	}

}
