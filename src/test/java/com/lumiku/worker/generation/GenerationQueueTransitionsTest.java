package com.lumiku.worker.generation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state transition of the queue against the real schema: claim, completion, retry,
 * failure with refund, lease rescue, cancellation, fairness, and the refund invariant
 * after random failures and rescues.
 */
class GenerationQueueTransitionsTest {

	private static final GenerationQueueProperties.Handler NOOP = new GenerationQueueProperties.Handler("noop", null,
			null, null, null, null);

	private TestDatabase database;

	private JdbcTemplate jdbc;

	private GenerationRows rows;

	private HikariDataSource pool;

	@BeforeEach
	void freshDatabase() {
		this.database = MigratedDatabases.fresh("queue");
		this.pool = new HikariDataSource();
		this.pool.setDataSource(this.database.dataSource());
		this.pool.setMaximumPoolSize(8);
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.rows = new GenerationRows(this.jdbc);
	}

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void a_claim_moves_the_oldest_pending_rows_to_processing_under_a_database_clock_lease() {
		this.rows.user("u1");
		List<String> ids = this.rows.loopingFlow("u1", 5, 3, Duration.ofMinutes(10));
		Worker worker = worker("w1");

		List<ClaimedGeneration> claimed = worker.claim(settings(GenerationTable.LOOPING_FLOW, 3, 0), 2, "");

		assertThat(claimed).extracting(ClaimedGeneration::id).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
		assertThat(claimed).allSatisfy((c) -> assertThat(c.attempt()).isEqualTo(1));
		Map<String, Object> row = this.jdbc.queryForMap("""
				SELECT status, worker_attempts, worker_lease_owner,
				       worker_lease_until - now() BETWEEN interval '59 seconds' AND interval '61 seconds' AS lease_ok,
				       worker_started_at = now() AS started_now
				FROM looping_flow_generations WHERE id = ?""", ids.get(0));
		assertThat(row).containsEntry("status", "processing")
			.containsEntry("worker_attempts", 1)
			.containsEntry("worker_lease_owner", "w1")
			.containsEntry("lease_ok", true);
		assertThat(this.rows.status(GenerationTable.LOOPING_FLOW, ids.get(2))).isEqualTo("pending");
	}

	@Test
	void cancelled_rows_are_never_started() {
		this.rows.user("u1");
		List<String> ids = this.rows.loopingFlow("u1", 2, 3, Duration.ofMinutes(10));
		this.jdbc.update("UPDATE looping_flow_generations SET status = 'cancelled' WHERE id = ?", ids.get(0));

		List<ClaimedGeneration> claimed = worker("w1").claim(settings(GenerationTable.LOOPING_FLOW, 3, 0), 10, "");

		assertThat(claimed).extracting(ClaimedGeneration::id).containsExactly(ids.get(1));
		assertThat(this.rows.status(GenerationTable.LOOPING_FLOW, ids.get(0))).isEqualTo("cancelled");
	}

	@Test
	void completions_are_written_in_one_batch_and_only_for_rows_still_held_by_the_same_attempt() {
		this.rows.user("u1");
		List<String> ids = this.rows.loopingFlow("u1", 3, 3, Duration.ofMinutes(10));
		Worker worker = worker("w1");
		AppSettings settings = settings(GenerationTable.LOOPING_FLOW, 3, 0);
		worker.claim(settings, 3, "");
		// the user cancels one while it runs
		this.jdbc.update("UPDATE looping_flow_generations SET status = 'cancelled' WHERE id = ?", ids.get(2));

		List<String> completed = worker.complete.complete(GenerationTable.LOOPING_FLOW,
				List.of(completion(ids.get(0), 1, "/out/0.mp4"), completion(ids.get(1), 2, "/out/1.mp4"),
						completion(ids.get(2), 1, "/out/2.mp4")));

		assertThat(completed).containsExactly(ids.get(0));
		Map<String, Object> row = this.rows.row(GenerationTable.LOOPING_FLOW, ids.get(0));
		assertThat(row).containsEntry("status", "completed").containsEntry("outputPath", "/out/0.mp4");
		assertThat(row.get("completedAt")).isNotNull();
		assertThat(row.get("worker_lease_owner")).isNull();
		assertThat(this.rows.status(GenerationTable.LOOPING_FLOW, ids.get(1))).as("wrong attempt")
			.isEqualTo("processing");
		assertThat(this.rows.status(GenerationTable.LOOPING_FLOW, ids.get(2))).isEqualTo("cancelled");
	}

	@Test
	void a_failed_attempt_is_retried_after_its_backoff_and_the_last_one_fails_with_one_refund() {
		this.rows.user("u1");
		String id = this.rows.loopingFlow("u1", 1, 7, Duration.ofMinutes(10)).get(0);
		Worker worker = worker("w1");
		AppSettings slow = settings(GenerationTable.LOOPING_FLOW, 2, 60_000);

		ClaimedGeneration first = worker.claim(slow, 1, "").get(0);
		assertThat(worker.fail.fail(slow, first, "ffmpeg exited with code 1").kind())
			.isEqualTo(FailGeneration.FailOutcome.Kind.RETRIED);
		Map<String, Object> retried = this.jdbc.queryForMap("""
				SELECT status, worker_last_error, "errorMessage", worker_lease_owner,
				       worker_run_after - now() BETWEEN interval '59 seconds' AND interval '61 seconds' AS backoff_ok
				FROM looping_flow_generations WHERE id = ?""", id);
		assertThat(retried).containsEntry("status", "pending")
			.containsEntry("worker_last_error", "ffmpeg exited with code 1")
			.containsEntry("backoff_ok", true);
		assertThat(worker.claim(slow, 1, "")).as("still backing off").isEmpty();

		AppSettings now = settings(GenerationTable.LOOPING_FLOW, 2, 0);
		this.jdbc.update("UPDATE looping_flow_generations SET worker_run_after = now() WHERE id = ?", id);
		ClaimedGeneration second = worker.claim(now, 1, "").get(0);
		assertThat(second.attempt()).isEqualTo(2);
		FailGeneration.FailOutcome last = worker.fail.fail(now, second, "ffmpeg exited with code 1 again");

		assertThat(last).isEqualTo(new FailGeneration.FailOutcome(FailGeneration.FailOutcome.Kind.FAILED, 7));
		Map<String, Object> failed = this.rows.row(GenerationTable.LOOPING_FLOW, id);
		assertThat(failed).containsEntry("status", "failed")
			.containsEntry("errorMessage", "ffmpeg exited with code 1 again");
		assertThat(this.rows.balance("u1")).isEqualTo(107);
		assertThat(this.jdbc.queryForMap("""
				SELECT amount, balance, type, "referenceId", "referenceType", "paymentId" FROM credits
				WHERE "userId" = 'u1' AND type = 'refund'""")).containsEntry("amount", 7)
			.containsEntry("balance", 107)
			.containsEntry("referenceId", id)
			.containsEntry("referenceType", "looping_flow_generation")
			.containsEntry("paymentId", id);
		assertThat(worker.fail.failForGood(GenerationTable.LOOPING_FLOW, id, 2, "again", "w1").kind())
			.as("a failed row cannot fail twice")
			.isEqualTo(FailGeneration.FailOutcome.Kind.LOST);
	}

	@Test
	void the_database_refuses_a_second_refund_of_a_generation_ever() {
		this.rows.user("u1");
		RefundCredits refunds = new RefundCredits(this.jdbc);
		assertThat(refunds.refund(GenerationTable.LOOPING_FLOW, "g1", "u1", 5)).isEqualTo(5);
		assertThat(refunds.refund(GenerationTable.LOOPING_FLOW, "g1", "u1", 5)).isZero();
		assertThat(this.rows.balance("u1")).isEqualTo(105);
	}

	@Test
	void an_expired_lease_returns_the_row_to_pending_with_its_attempt_counted_and_the_last_one_fails_it() {
		this.rows.user("u1");
		String id = this.rows.loopingFlow("u1", 1, 4, Duration.ofMinutes(10)).get(0);
		Worker dead = worker("dead");
		Worker rescuer = worker("rescuer");
		AppSettings settings = settings(GenerationTable.LOOPING_FLOW, 2, 0);

		dead.claim(settings, 1, "");
		assertThat(rescuer.rescue.rescue(settings, 100)).as("lease still valid")
			.isEqualTo(new RescueExpiredLeases.Rescued(0, 0, 0));
		this.rows.expireLease(GenerationTable.LOOPING_FLOW, id);
		assertThat(rescuer.rescue.rescue(settings, 100)).isEqualTo(new RescueExpiredLeases.Rescued(1, 0, 0));
		Map<String, Object> requeued = this.rows.row(GenerationTable.LOOPING_FLOW, id);
		assertThat(requeued).containsEntry("status", "pending").containsEntry("worker_attempts", 1);
		assertThat((String) requeued.get("worker_last_error")).contains("lease of dead expired");
		// the dead worker's late completion is refused
		assertThat(dead.complete.complete(GenerationTable.LOOPING_FLOW, List.of(completion(id, 1, "/late")))).isEmpty();

		ClaimedGeneration second = rescuer.claim(settings, 1, "").get(0);
		assertThat(second.attempt()).isEqualTo(2);
		this.rows.expireLease(GenerationTable.LOOPING_FLOW, id);
		assertThat(dead.rescue.rescue(settings, 100)).isEqualTo(new RescueExpiredLeases.Rescued(0, 1, 4));
		assertThat(this.rows.status(GenerationTable.LOOPING_FLOW, id)).isEqualTo("failed");
		assertThat(this.rows.balance("u1")).isEqualTo(104);
	}

	@Test
	void rows_the_apps_own_workers_hold_without_a_lease_are_never_rescued() {
		this.rows.user("u1");
		String id = this.rows.loopingFlow("u1", 1, 4, Duration.ofMinutes(10)).get(0);
		this.jdbc.update("UPDATE looping_flow_generations SET status = 'processing' WHERE id = ?", id);
		assertThat(worker("w").rescue.rescue(settings(GenerationTable.LOOPING_FLOW, 1, 0), 100))
			.isEqualTo(new RescueExpiredLeases.Rescued(0, 0, 0));
	}

	@Test
	void video_mixer_failures_keep_the_error_on_the_row_and_touch_updated_at_and_avatars_are_not_refunded() {
		this.rows.user("u1");
		this.rows.videoMixer("u1", "vm1", 9);
		this.rows.avatar("u1", "av1");
		Worker worker = worker("w");
		AppSettings mixer = settings(GenerationTable.VIDEO_MIXER, 1, 0);
		AppSettings avatar = settings(GenerationTable.AVATAR_CREATOR, 1, 0);

		worker.fail.fail(mixer, worker.claim(mixer, 1, "").get(0), "no such clip");
		worker.fail.fail(avatar, worker.claim(avatar, 1, "").get(0), "model down");

		Map<String, Object> mixed = this.jdbc.queryForMap("""
				SELECT status, worker_last_error, "updatedAt" > timezone('UTC', now()) - interval '1 minute' AS touched
				FROM video_mixer_generations WHERE id = 'vm1'""");
		assertThat(mixed).containsEntry("status", "failed")
			.containsEntry("worker_last_error", "no such clip")
			.containsEntry("touched", true);
		assertThat(this.rows.row(GenerationTable.AVATAR_CREATOR, "av1")).containsEntry("status", "failed")
			.containsEntry("errorMessage", "model down");
		assertThat(this.rows.balance("u1")).as("9 back for the mixer, nothing for the uncharged avatar").isEqualTo(109);
	}

	@Test
	void concurrent_claimers_never_share_a_row() throws Exception {
		for (int u = 0; u < 20; u++) {
			this.rows.user("u" + u);
			this.rows.loopingFlow("u" + u, 50, 1, Duration.ofMinutes(10));
		}
		AppSettings settings = new AppSettings(GenerationTable.LOOPING_FLOW, NOOP, 1, 10_000, 10_000, 64, 10,
				Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ZERO, Duration.ZERO);
		Set<String> seen = ConcurrentHashMap.newKeySet();
		List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Worker worker = worker("w" + t);
			futures.add(pool.submit(() -> {
				start.await();
				List<ClaimedGeneration> claimed;
				while (!(claimed = worker.claim(settings, 25, "")).isEmpty()) {
					claimed.forEach((c) -> {
						if (!seen.add(c.id())) {
							duplicates.add(c.id());
						}
					});
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		assertThat(duplicates).isEmpty();
		assertThat(seen).hasSize(1000);
	}

	@Test
	void one_users_backlog_does_not_starve_another_users_single_row() {
		this.rows.user("a-heavy");
		this.rows.user("z-light");
		this.rows.loopingFlow("a-heavy", 10_000, 1, Duration.ofHours(2));
		String light = this.rows.loopingFlow("z-light", 1, 1, Duration.ofMinutes(1)).get(0);
		AppSettings settings = new AppSettings(GenerationTable.LOOPING_FLOW, NOOP, 1, 4, 2, 64, 4,
				Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ZERO, Duration.ZERO);

		List<ClaimedGeneration> claimed = worker("w").claim(settings, 4, "");

		assertThat(claimed).extracting(ClaimedGeneration::id).contains(light);
		assertThat(claimed).filteredOn((c) -> c.userId().equals("a-heavy")).as("per-user cap").hasSize(2);
		assertThat(worker("w2").claim(settings, 4, "")).as("the heavy user is at their cap").isEmpty();
	}

	@Test
	void the_app_concurrency_limit_holds_across_claimers() {
		for (int u = 0; u < 10; u++) {
			this.rows.user("u" + u);
			this.rows.loopingFlow("u" + u, 5, 1, Duration.ofMinutes(10));
		}
		AppSettings settings = new AppSettings(GenerationTable.LOOPING_FLOW, NOOP, 1, 6, 5, 64, 4,
				Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ZERO, Duration.ZERO);
		assertThat(worker("a").claim(settings, 4, "")).hasSize(4);
		assertThat(worker("b").claim(settings, 4, "")).hasSize(2);
		assertThat(worker("c").claim(settings, 4, "")).isEmpty();
	}

	@Test
	void after_any_sequence_of_failures_and_rescues_every_ledger_chains_and_no_generation_has_two_refunds()
			throws Exception {
		Random random = new Random(42);
		for (int u = 0; u < 5; u++) {
			this.rows.user("u" + u);
			this.rows.loopingFlow("u" + u, 40, 1 + u, Duration.ofMinutes(10));
		}
		AppSettings settings = new AppSettings(GenerationTable.LOOPING_FLOW, NOOP, 1, 1000, 1000, 64, 5,
				Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ZERO, Duration.ZERO);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Worker worker = worker("w" + t);
			long seed = random.nextLong();
			futures.add(pool.submit(() -> {
				Random choices = new Random(seed);
				for (int round = 0; round < 60; round++) {
					for (ClaimedGeneration claimed : worker.claim(settings, 3, "")) {
						switch (choices.nextInt(4)) {
							case 0 -> worker.complete.complete(GenerationTable.LOOPING_FLOW,
									List.of(completion(claimed.id(), claimed.attempt(), "/out")));
							case 1 -> worker.fail.fail(settings, claimed, "boom");
							case 2 -> this.rows.expireLease(GenerationTable.LOOPING_FLOW, claimed.id());
							default -> worker.fail.failForGood(GenerationTable.LOOPING_FLOW, claimed.id(),
									claimed.attempt(), "fatal", worker.claims.owner());
						}
					}
					worker.rescue.rescue(settings, 50);
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		worker("final").rescue.rescue(settings, 10_000);

		assertThat(this.jdbc.queryForList(ledgerInvariant())).as("users whose ledger does not chain").isEmpty();
		assertThat(this.jdbc.queryForList("""
				SELECT "referenceId" FROM credits WHERE type = 'refund' GROUP BY "referenceId" HAVING count(*) > 1
				""")).as("generations refunded twice").isEmpty();
		long failed = this.jdbc.queryForObject("SELECT count(*) FROM looping_flow_generations WHERE status = 'failed'",
				Long.class);
		assertThat(failed).isPositive();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE type = 'refund'", Long.class))
			.as("exactly one refund per failed generation")
			.isEqualTo(failed);
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM looping_flow_generations WHERE worker_attempts > 3""", Long.class)).isZero();
	}

	@Test
	void two_refunds_of_one_user_at_the_same_moment_do_not_share_a_balance() throws Exception {
		this.rows.user("u1");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String generation = "g" + i;
			futures.add(pool.submit(() -> {
				start.await();
				TransactionTemplate transactions = new TransactionTemplate(
						new DataSourceTransactionManager(this.database.dataSource()));
				return transactions.execute((status) -> new RefundCredits(new JdbcTemplate(
						((DataSourceTransactionManager) transactions.getTransactionManager()).getDataSource()))
					.refund(GenerationTable.LOOPING_FLOW, generation, "u1", 1));
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		assertThat(this.rows.balance("u1")).isEqualTo(140);
		assertThat(this.jdbc.queryForList(ledgerInvariant())).isEmpty();
	}

	private Worker worker(String owner) {
		DataSource dataSource = this.pool;
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		FailGeneration fail = new FailGeneration(jdbc, transactions, owner);
		return new Worker(new LockAndFetchGenerations(jdbc, owner), new CompleteGenerations(jdbc, owner), fail,
				new RescueExpiredLeases(jdbc, fail));
	}

	private static AppSettings settings(GenerationTable table, int maxAttempts, long backoffMillis) {
		return new AppSettings(table, NOOP, 1, 100, 100, 64, 10, Duration.ofSeconds(30), Duration.ofSeconds(60),
				maxAttempts, Duration.ofMillis(backoffMillis), Duration.ofMillis(backoffMillis));
	}

	private static CompleteGenerations.Completion completion(String id, int attempt, String outputPath) {
		return new CompleteGenerations.Completion(id, attempt, Map.of("outputPath", outputPath));
	}

	static String ledgerInvariant() {
		try {
			return new ClassPathResource("sql/ledger_invariant.sql").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Worker(LockAndFetchGenerations claims, CompleteGenerations complete, FailGeneration fail,
			RescueExpiredLeases rescue) {

		/** A claim that tries again while another claimer holds the app's claim lock. */
		List<ClaimedGeneration> claim(AppSettings settings, int limit, String cursor) {
			LockAndFetchGenerations.Claim claim;
			while ((claim = this.claims.claim(settings, limit, cursor)).busy()) {
				Thread.onSpinWait();
			}
			return claim.rows();
		}

	}

}
