package com.lumiku.worker.analytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two processes refresh the same analytics at the same time while the app writes: a
 * daemon running analytics-refresh every second from its schedule, and this JVM
 * refreshing every view itself in a loop. Neither run fails, overlapping refreshes are
 * skipped rather than queued, and afterwards every summary and view equals its
 * definition.
 */
@Tag("multi-jvm")
class AnalyticsRefreshProcessTest {

	@TempDir
	Path jobsDirectory;

	private TestDatabase database;

	private WorkerProcess daemon;

	@AfterEach
	void cleanUp() {
		if (this.daemon != null) {
			this.daemon.close();
		}
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void a_daemon_and_another_process_refreshing_at_once_skip_each_other_and_stay_exact() throws Exception {
		this.database = MigratedDatabases.fresh("analyticsjvm");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		Files.writeString(this.jobsDirectory.resolve("analytics-refresh.yml"), """
				job: analytics-refresh
				cron: "* * * * * ?"
				parameters:
				  mode: both
				  refreshViewsOlderThan: 0s
				  batchSize: 5
				misfire: skip
				overlap: skip
				""");
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_JOBS_DIR", this.jobsDirectory.toString());
		this.daemon = WorkerProcess.start("analytics-daemon", environment);
		await().atMost(90, TimeUnit.SECONDS).until(() -> completedRuns(jdbc) > 0);

		long seed = new Random().nextLong();
		AnalyticsWorld world = new AnalyticsWorld(jdbc, seed);
		SingleFlightTransaction transaction = new SingleFlightTransaction(jdbc,
				new DataSourceTransactionManager(this.database.dataSource()), Duration.ofSeconds(10),
				Duration.ofMinutes(1));
		RefreshSummary summaries = new RefreshSummary(transaction, 5);
		RefreshMaterializedView views = new RefreshMaterializedView(transaction);
		int skipped = 0;
		int ran = 0;
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
		while (System.nanoTime() < until) {
			for (int write = 0; write < 20; write++) {
				world.randomWrite();
			}
			for (AnalyticsView view : AnalyticsView.values()) {
				for (RefreshOutcome outcome : new RefreshOutcome[] { summaries.incrementalBatch(view),
						views.refresh(view, true) }) {
					if (outcome.ran()) {
						ran++;
					}
					else {
						skipped++;
					}
				}
			}
		}
		long before = completedRuns(jdbc);
		await().atMost(60, TimeUnit.SECONDS).until(() -> completedRuns(jdbc) > before + 1);
		this.daemon.close();
		this.daemon = null;

		assertThat(jdbc.queryForObject("""
				SELECT count(*) FROM lumiku_worker.batch_job_execution e
				JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'analytics-refresh' AND e.status <> 'COMPLETED'""", Long.class))
			.as("daemon runs that did not complete")
			.isZero();
		assertThat(ran).as("refreshes this process ran").isPositive();
		System.out.printf("seed %d: this process ran %d refresh units and skipped %d; the daemon completed %d runs%n",
				seed, ran, skipped, completedRuns(jdbc));
		for (AnalyticsView view : AnalyticsView.values()) {
			RefreshOutcome last;
			do {
				last = summaries.incrementalBatch(view);
			}
			while (!summaries.isDrained(last));
			views.refresh(view, true);
			assertThat(differences(jdbc, view.summary(), "v_" + view.summary())).as("seed %d: %s", seed, view.summary())
				.isZero();
			assertThat(differences(jdbc, view.materializedView(), "v_" + view.summary())).isZero();
		}
	}

	private static long completedRuns(JdbcTemplate jdbc) {
		return jdbc.queryForObject("""
				SELECT count(*) FROM lumiku_worker.batch_job_execution e
				JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'analytics-refresh' AND e.status = 'COMPLETED'""", Long.class);
	}

	private static long differences(JdbcTemplate jdbc, String left, String right) {
		return jdbc.queryForObject("""
				SELECT count(*) FROM (
				    (SELECT * FROM lumiku_worker.%1$s EXCEPT ALL SELECT * FROM lumiku_worker.%2$s)
				    UNION ALL
				    (SELECT * FROM lumiku_worker.%2$s EXCEPT ALL SELECT * FROM lumiku_worker.%1$s)) d
				""".formatted(left, right), Long.class);
	}

}
