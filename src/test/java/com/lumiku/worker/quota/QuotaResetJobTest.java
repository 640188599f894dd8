package com.lumiku.worker.quota;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.lumiku.worker.bulk.BulkTestData;
import com.lumiku.worker.operator.JobControl;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
class QuotaResetJobTest extends WorkerIntegrationTest {

	private static final Map<String, String> JAKARTA_10_MARCH = Map.of("periodTimeZone", "Asia/Jakarta", "day",
			"2026-03-10");

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	@Autowired
	JobControl control;

	private BulkTestData data;

	@BeforeEach
	void givenPlansAndUsers() {
		this.data = new BulkTestData(this.jdbc);
		this.data.clear();
		LocalDateTime now = this.data.now();
		this.data.plan("free", "free", 10, 300);
		this.data.plan("basic", "basic", 50, 1500);
		this.data.plan("pro", "pro", 100, null);
		for (String user : List.of("u-free", "u-basic", "u-lapsed", "u-pro")) {
			this.data.user(user);
		}
		this.data.subscription("u-basic", "basic", "active", now.plusDays(10));
		this.data.subscription("u-lapsed", "basic", "active", now.minusDays(1));
		this.data.subscription("u-pro", "pro", "active", now.plusDays(10));
	}

	@Test
	void each_user_gets_the_days_row_and_the_months_row_from_their_current_plan_in_the_zone() {
		JobExecution run = run(JAKARTA_10_MARCH);

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// Jakarta is UTC+7: the day 2026-03-10 ends at 2026-03-10T17:00 UTC
		assertThat(rows()).containsExactly("u-basic daily 2026-03-10 limit=50 used=0 resetAt=2026-03-10T17:00",
				"u-basic monthly 2026-03 limit=1500 used=0 resetAt=2026-03-31T17:00",
				"u-free daily 2026-03-10 limit=10 used=0 resetAt=2026-03-10T17:00",
				"u-free monthly 2026-03 limit=300 used=0 resetAt=2026-03-31T17:00",
				"u-lapsed daily 2026-03-10 limit=10 used=0 resetAt=2026-03-10T17:00",
				"u-lapsed monthly 2026-03 limit=300 used=0 resetAt=2026-03-31T17:00",
				"u-pro daily 2026-03-10 limit=100 used=0 resetAt=2026-03-10T17:00");
	}

	@Test
	void a_second_run_and_a_row_the_app_created_lazily_change_nothing_and_raise_no_error() {
		this.jdbc.update("""
				INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "resetAt",
				                          "updatedAt")
				VALUES ('lazy', 'u-basic', 'daily', '2026-03-10', 7, 50, '2026-03-11 00:00', now())""");
		run(JAKARTA_10_MARCH);
		List<String> first = rows();

		JobExecution again = run(JAKARTA_10_MARCH);

		assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(rows()).isEqualTo(first);
		assertThat(first).contains("u-basic daily 2026-03-10 limit=50 used=7 resetAt=2026-03-11T00:00");
	}

	@Test
	void two_runs_at_once_open_each_period_once() {
		// Two overlapping runs (as on two workers), the second launched once the first is
		// under way: Spring Batch 6 cannot create two job instances in the same instant.
		List<CompletableFuture<JobExecution>> runs = new ArrayList<>();
		for (String key : List.of("node-a", "node-b")) {
			runs.add(
					CompletableFuture
						.supplyAsync(() -> this.runs.run(new RunRequest("quota-reset",
								Map.of("periodTimeZone", "UTC", "day", "2026-03-10", "batchSize", "1", "pause", "100ms",
										"keepPastPeriodsFor", "3650d"),
								Optional.of(key), RunRequest.Origin.SCHEDULE))));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.data.count("SELECT count(*) FROM quota_usages") > 0);
		}
		runs.forEach((run) -> assertThat(run.join().getStatus()).isEqualTo(BatchStatus.COMPLETED));
		assertThat(this.data.count("SELECT count(*) FROM quota_usages")).isEqualTo(7);
	}

	@Test
	void a_user_who_changes_plan_mid_period_gets_the_new_plans_limit_from_the_next_period() {
		run(Map.of("periodTimeZone", "UTC", "day", "2026-03-10"));
		this.data.subscription("u-free", "pro", "active", this.data.now().plusDays(30));

		run(Map.of("periodTimeZone", "UTC", "day", "2026-03-11"));

		assertThat(rows()).contains("u-free daily 2026-03-10 limit=10 used=0 resetAt=2026-03-11T00:00",
				"u-free daily 2026-03-11 limit=100 used=0 resetAt=2026-03-12T00:00");
	}

	@Test
	void without_a_day_the_run_opens_today_in_the_zone_by_the_database_clock() {
		run(Map.of("periodTimeZone", "Asia/Jakarta"));

		LocalDate today = LocalDate.now(ZoneId.of("Asia/Jakarta"));
		assertThat(this.data.count("SELECT count(*) FROM quota_usages WHERE period = ?", today.toString()))
			.isEqualTo(4);
	}

	@Test
	void past_periods_are_kept_for_the_retention_then_deleted() {
		LocalDateTime now = this.data.now();
		insertPeriod("old", "u-free", "2026-01-01", now.minusDays(40));
		insertPeriod("recent", "u-free", "2026-01-02", now.minusDays(20));

		run(Map.of("keepPastPeriodsFor", "35d", "day", "2026-03-10"));

		assertThat(this.jdbc.queryForList("SELECT id FROM quota_usages WHERE id IN ('old', 'recent')", String.class))
			.containsExactly("recent");
	}

	@Test
	void a_dry_run_opens_nothing() {
		JobExecution run = run(Map.of("day", "2026-03-10", "dryRun", "true"));

		assertThat(this.data.count("SELECT count(*) FROM quota_usages")).isZero();
		assertThat(run.getStepExecutions().iterator().next().getExitStatus().getExitDescription())
			.contains("dry run: 4 rows to go (opened-periods)");
	}

	@Test
	void a_run_stopped_midway_restarts_where_it_stopped_and_opens_every_period_once() {
		for (int i = 0; i < 6; i++) {
			this.data.user("u-more-" + i);
		}
		JobControl.RunView started = this.control.runInBackground("quota-reset",
				Map.of("day", "2026-03-10", "batchSize", "1", "pause", "300ms", "keepPastPeriodsFor", "3650d"),
				Optional.empty());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.data.count("SELECT count(DISTINCT \"userId\") FROM quota_usages") >= 2);
		this.control.stop(started.executionId());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.control.run(started.executionId()).status().equals("STOPPED"));
		assertThat(this.data.count("SELECT count(DISTINCT \"userId\") FROM quota_usages")).isLessThan(10);

		assertThat(this.control.restartAndWait(started.executionId()).status()).isEqualTo("COMPLETED");

		assertThat(this.data.count("SELECT count(*) FROM quota_usages WHERE \"quotaType\" = 'daily'")).isEqualTo(10);
	}

	/**
	 * Runs the job; the fixed test days lie in the past, so keep old periods unless told.
	 */
	private JobExecution run(Map<String, String> parameters) {
		Map<String, String> withRetention = new java.util.HashMap<>(parameters);
		withRetention.putIfAbsent("keepPastPeriodsFor", "3650d");
		return this.runs.run(RunRequest.manual("quota-reset", withRetention));
	}

	private void insertPeriod(String id, String user, String period, LocalDateTime resetAt) {
		this.jdbc.update("""
				INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "resetAt",
				                          "updatedAt")
				VALUES (?, ?, 'daily', ?, 0, 10, ?, now())""", id, user, period, resetAt);
	}

	private List<String> rows() {
		return this.jdbc.queryForList("""
				SELECT "userId" || ' ' || "quotaType" || ' ' || period || ' limit=' || "quotaLimit"
				       || ' used=' || "usageCount" || ' resetAt=' || to_char("resetAt", 'YYYY-MM-DD"T"HH24:MI')
				FROM quota_usages ORDER BY "userId", "quotaType", period""", String.class);
	}

}
