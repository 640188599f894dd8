package com.lumiku.worker.analytics;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest
class AnalyticsRefreshJobTest extends WorkerIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	@Autowired
	MeterRegistry registry;

	@Test
	void incremental_summaries_equal_a_full_recomputation_after_random_inserts_late_rows_updates_and_deletions() {
		long seed = Long.getLong("analytics.seed", new Random().nextLong());
		AnalyticsWorld world = new AnalyticsWorld(this.jdbc, seed);
		Random batches = new Random(seed);
		for (int round = 0; round < 8; round++) {
			for (int write = 0; write < 40; write++) {
				world.randomWrite();
			}
			String batchSize = String.valueOf(1 + batches.nextInt(40));
			JobExecution run = refresh(Map.of("mode", "incremental", "batchSize", batchSize));
			assertThat(run.getStatus()).as("seed %d, round %d", seed, round).isEqualTo(BatchStatus.COMPLETED);
			for (AnalyticsView view : AnalyticsView.values()) {
				assertThat(differences(view.summary(), "v_" + view.summary()))
					.as("%s differs from a full recomputation (rerun with -Danalytics.seed=%d), round %d",
							view.summary(), seed, round)
					.isZero();
			}
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.daily_usage", Long.class))
			.as("seed %d produced usage", seed)
			.isPositive();
		for (AnalyticsView view : AnalyticsView.values()) {
			assertThat(dirtyKeys(view)).as("seed %d: %s keys left", seed, view.summary()).isZero();
		}
	}

	@Test
	void concurrent_and_full_refreshes_bring_the_materialized_views_to_their_definition() {
		AnalyticsWorld world = new AnalyticsWorld(this.jdbc, 7);
		for (int write = 0; write < 100; write++) {
			world.randomWrite();
		}
		assertThat(differences("mv_daily_usage", "v_daily_usage")).as("stale before the refresh").isPositive();

		assertThat(refresh(Map.of("mode", "concurrent")).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (AnalyticsView view : AnalyticsView.values()) {
			assertThat(differences(view.materializedView(), "v_" + view.summary())).as(view.materializedView())
				.isZero();
		}
		world.randomWrite();
		JobExecution full = refresh(Map.of("mode", "full"));
		assertThat(full.getExitStatus().getExitDescription()).contains("daily_usage: rebuilt",
				"mv_daily_usage: rebuilt");
		for (AnalyticsView view : AnalyticsView.values()) {
			assertThat(differences(view.materializedView(), "v_" + view.summary())).isZero();
			assertThat(differences(view.summary(), "v_" + view.summary())).isZero();
			assertThat(dirtyKeys(view)).isZero();
		}
	}

	@Test
	void a_refresh_still_running_elsewhere_is_skipped_and_counted_not_queued() throws Exception {
		double before = skipped("mv_revenue_daily", "already-running") + skipped("revenue_daily", "already-running");
		try (Connection other = this.database.dataSource().getConnection();
				Statement statement = other.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(4011, hashtext('mv_revenue_daily')),"
					+ " pg_advisory_lock(4011, hashtext('revenue_daily'))");

			long started = System.nanoTime();
			JobExecution run = refresh(Map.of("views", "revenue_daily,daily_usage"));

			assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(5);
			assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(run.getExitStatus().getExitDescription()).contains("revenue_daily: skipped (already-running)",
					"mv_revenue_daily: skipped (already-running)", "mv_daily_usage: refreshed concurrently");
		}
		assertThat(skipped("mv_revenue_daily", "already-running") + skipped("revenue_daily", "already-running"))
			.isEqualTo(before + 2);
	}

	@Test
	void a_lock_wait_beyond_the_lock_timeout_skips_the_view() throws Exception {
		try (Connection other = this.database.dataSource().getConnection();
				Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			// a plain REFRESH by hand (not through the job's function) holds ACCESS
			// EXCLUSIVE
			statement.execute("REFRESH MATERIALIZED VIEW lumiku_worker.mv_quota_utilisation_daily");

			JobExecution run = refresh(
					Map.of("views", "quota_utilisation_daily", "mode", "concurrent", "lockTimeout", "200ms"));

			assertThat(run.getExitStatus().getExitDescription())
				.contains("mv_quota_utilisation_daily: skipped (lock-timeout)");
			other.rollback();
		}
		assertThat(skipped("mv_quota_utilisation_daily", "lock-timeout")).isPositive();
	}

	@Test
	void a_refresh_killed_midway_leaves_its_keys_dirty_and_the_restart_recomputes_them() throws Exception {
		AnalyticsWorld world = new AnalyticsWorld(this.jdbc, 11);
		for (int write = 0; write < 60; write++) {
			world.randomWrite();
		}
		refresh(Map.of("mode", "incremental"));
		for (int write = 0; write < 60; write++) {
			world.randomWrite();
		}
		long dirty = dirtyKeys(AnalyticsView.DAILY_USAGE);
		assertThat(dirty).isPositive();
		JobExecution killed;
		try (Connection blocker = this.database.dataSource().getConnection();
				Statement statement = blocker.createStatement()) {
			// hold every summary row so the refresh's upsert waits; then kill its backend
			blocker.setAutoCommit(false);
			statement.execute("SELECT * FROM lumiku_worker.daily_usage FOR UPDATE");
			CompletableFuture<JobExecution> running = CompletableFuture
				.supplyAsync(() -> refresh(Map.of("views", "daily_usage", "mode", "incremental", "lockTimeout", "1h")));
			await().atMost(20, TimeUnit.SECONDS).until(() -> this.jdbc.queryForObject("""
					SELECT count(*) FROM pg_stat_activity
					WHERE wait_event_type = 'Lock' AND query LIKE '%analytics_dirty_daily_usage%'""", Long.class) > 0);
			this.jdbc.queryForList("""
					SELECT pg_terminate_backend(pid) FROM pg_stat_activity
					WHERE wait_event_type = 'Lock' AND query LIKE '%analytics_dirty_daily_usage%'""");
			killed = running.get(30, TimeUnit.SECONDS);
			blocker.rollback();
		}
		assertThat(killed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(dirtyKeys(AnalyticsView.DAILY_USAGE)).as("the killed batch's keys are still dirty").isEqualTo(dirty);
		assertThat(differences("daily_usage", "v_daily_usage")).as("stale while its keys are dirty").isPositive();

		JobExecution restarted = refresh(Map.of("views", "daily_usage", "mode", "incremental", "lockTimeout", "1h"));

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(dirtyKeys(AnalyticsView.DAILY_USAGE)).isZero();
		assertThat(differences("daily_usage", "v_daily_usage")).isZero();
	}

	@Test
	void a_truncated_source_table_makes_the_next_incremental_run_rebuild_its_summaries() {
		AnalyticsWorld world = new AnalyticsWorld(this.jdbc, 13);
		for (int write = 0; write < 80; write++) {
			world.randomWrite();
		}
		refresh(Map.of("mode", "incremental"));
		this.jdbc.execute("TRUNCATE payments");

		JobExecution run = refresh(Map.of("mode", "incremental", "views", "revenue_daily"));

		assertThat(run.getExitStatus().getExitDescription()).contains("revenue_daily: rebuilt");
		assertThat(differences("revenue_daily", "v_revenue_daily")).isZero();
	}

	@Test
	void an_unknown_view_or_mode_is_refused_before_the_run_starts() {
		long executions = this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution",
				Long.class);
		double launchFailures = launchFailures();
		assertThatThrownBy(() -> refresh(Map.of("views", "daily_usage,revenu_daily")))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'views': unknown value 'revenu_daily'; did you mean 'revenue_daily'?")
			.hasMessageContaining("expected all, or some of: daily_usage, model_popularity_daily");
		assertThatThrownBy(() -> refresh(Map.of("mode", "fulll"))).isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'mode': unknown value 'fulll'; did you mean 'full'?"
					+ " expected one of: incremental, concurrent, both, full");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class))
			.as("no execution was created")
			.isEqualTo(executions);
		assertThat(launchFailures()).as("a refused parameter is not a launch failure").isEqualTo(launchFailures);
	}

	private double launchFailures() {
		return this.registry.get("lumiku_job_launch_failures_total")
			.tag("job_name", "analytics-refresh")
			.counter()
			.count();
	}

	@Test
	void staleness_is_read_from_the_database_for_every_view() {
		refresh(Map.of("mode", "both"));
		this.jdbc.update("UPDATE lumiku_worker.analytics_refresh_state SET refreshed_at = now() - interval '1 hour'"
				+ " WHERE view_name = 'mv_model_popularity_daily'");
		await().atMost(10, TimeUnit.SECONDS)
			.until(() -> this.registry.get("lumiku_analytics_staleness_seconds")
				.tag("view", "mv_model_popularity_daily")
				.gauge()
				.value() >= 3600);
		assertThat(this.registry.get("lumiku_analytics_staleness_seconds").tag("view", "daily_usage").gauge().value())
			.isLessThan(3600);
	}

	/** A run by hand; unlike the schedule file's, it refreshes views however fresh. */
	private JobExecution refresh(Map<String, String> parameters) {
		Map<String, String> given = new java.util.HashMap<>(parameters);
		given.putIfAbsent("refreshViewsOlderThan", "0s");
		return this.runs.run(RunRequest.manual("analytics-refresh", given));
	}

	private long differences(String left, String right) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM (
				    (SELECT * FROM lumiku_worker.%1$s EXCEPT ALL SELECT * FROM lumiku_worker.%2$s)
				    UNION ALL
				    (SELECT * FROM lumiku_worker.%2$s EXCEPT ALL SELECT * FROM lumiku_worker.%1$s)) d
				""".formatted(left, right), Long.class);
	}

	private long dirtyKeys(AnalyticsView view) {
		return this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker." + view.dirtyTable(), Long.class);
	}

	private double skipped(String view, String reason) {
		return this.registry.get("lumiku_analytics_refresh_skipped_total")
			.tags("view", view, "reason", reason)
			.counter()
			.count();
	}

}
