package com.lumiku.worker.generation;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's claim lock is waited for, within a bound, and a claim returns only what its
 * handler reads.
 */
class ClaimLockTest {

	private static final String CLAIM_LOCK = "SELECT pg_advisory_xact_lock(hashtext('lumiku-generation-claim:looping_flow_generations'))";

	private TestDatabase database;

	private JdbcTemplate jdbc;

	private GenerationRows rows;

	private HikariDataSource pool;

	private LockAndFetchGenerations claims;

	@BeforeEach
	void freshDatabase() {
		this.database = MigratedDatabases.fresh("claimlock");
		this.pool = new HikariDataSource();
		this.pool.setDataSource(this.database.dataSource());
		// one connection: the claim and the test's own statements share it
		this.pool.setMaximumPoolSize(1);
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.rows = new GenerationRows(this.jdbc);
		JdbcTemplate pooled = new JdbcTemplate(this.pool);
		this.claims = new LockAndFetchGenerations(pooled, "w1");
	}

	@AfterEach
	void dropDatabase() {
		this.pool.close();
		PostgresServer.get().dropDatabase(this.database);
	}

	@Test
	void a_waiting_claimer_gets_the_lock_when_its_holder_commits_and_sees_what_the_holder_claimed() throws Exception {
		this.rows.user("u1");
		List<String> ids = this.rows.loopingFlow("u1", 6, 1, Duration.ofMinutes(10));
		AppSettings settings = settings(4);
		try (Connection holder = this.database.dataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute(CLAIM_LOCK);
				// the holder's own claim: three rows in flight under another lease
				statement.executeUpdate("""
						UPDATE looping_flow_generations SET status = 'processing', worker_lease_owner = 'other',
						       worker_lease_until = now() + interval '1 minute', worker_attempts = 1
						WHERE id IN ('%s', '%s', '%s')""".formatted(ids.get(0), ids.get(1), ids.get(2)));
			}
			long start = System.nanoTime();
			CompletableFuture<LockAndFetchGenerations.Claim> waiting = CompletableFuture
				.supplyAsync(() -> this.claims.claim(settings, 4, ""));
			Thread.sleep(100);
			assertThat(waiting).as("still waiting for the holder").isNotDone();
			holder.commit();
			LockAndFetchGenerations.Claim claim = waiting.get(10, TimeUnit.SECONDS);

			assertThat(claim.busy()).as("handed the lock, not busy").isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(claim.rows()).as("concurrency 4 with the holder's 3 in flight")
				.extracting(ClaimedGeneration::id)
				.containsExactly(ids.get(3));
		}
	}

	/**
	 * Claimers racing for the last slots never exceed the app's concurrency between them:
	 * each claim counts the rows in flight while holding the claim lock, after the
	 * previous holder committed.
	 */
	@Test
	void racing_claimers_never_exceed_the_concurrency_between_them() throws Exception {
		HikariDataSource wide = new HikariDataSource();
		wide.setDataSource(this.database.dataSource());
		wide.setMaximumPoolSize(4);
		try (wide) {
			for (int u = 0; u < 50; u++) {
				this.rows.user("u" + u);
				this.rows.loopingFlow("u" + u, 2, 1, Duration.ofMinutes(10));
			}
			AppSettings settings = settings(5);
			for (int round = 0; round < 20; round++) {
				List<LockAndFetchGenerations> claimers = new java.util.ArrayList<>();
				for (int t = 0; t < 4; t++) {
					claimers.add(new LockAndFetchGenerations(new JdbcTemplate(wide), "racer-" + t));
				}
				java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
				List<CompletableFuture<Integer>> claims = new java.util.ArrayList<>();
				for (LockAndFetchGenerations claimer : claimers) {
					claims.add(CompletableFuture.supplyAsync(() -> {
						try {
							start.await();
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
						LockAndFetchGenerations.Claim claim;
						while ((claim = claimer.claim(settings, 5, "", false)).busy()) {
							Thread.onSpinWait();
						}
						return claim.rows().size();
					}));
				}
				int claimed = 0;
				for (CompletableFuture<Integer> claim : claims) {
					claimed += claim.get(30, TimeUnit.SECONDS);
				}
				assertThat(claimed).as("rows claimed by 4 racing claimers with concurrency 5 (round %d)", round)
					.isEqualTo(5);
				this.jdbc.update("""
						UPDATE looping_flow_generations SET status = 'pending', worker_lease_owner = NULL,
						       worker_lease_until = NULL WHERE status = 'processing'""");
			}
		}
	}

	@Test
	void a_claimer_answers_busy_when_the_lock_is_held_longer_than_its_wait() throws Exception {
		this.rows.user("u1");
		this.rows.loopingFlow("u1", 3, 1, Duration.ofMinutes(10));
		try (Connection holder = this.database.dataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute(CLAIM_LOCK);
			}
			long start = System.nanoTime();
			LockAndFetchGenerations.Claim claim = this.claims.claim(settings(10), 3, "");
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(claim.busy()).isTrue();
			assertThat(claim.rows()).isEmpty();
			assertThat(took).isGreaterThanOrEqualTo(LockAndFetchGenerations.LOCK_WAIT.minusMillis(20))
				.isLessThan(Duration.ofSeconds(10));
			holder.rollback();
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM looping_flow_generations WHERE status = 'pending'",
				Integer.class))
			.as("nothing claimed by the claimer that gave up")
			.isEqualTo(3);
		assertThat(this.claims.claim(settings(10), 3, "").rows()).hasSize(3);
	}

	@Test
	void the_claim_after_the_lock_runs_under_the_transactions_own_lock_timeout() {
		this.rows.user("u1");
		this.rows.loopingFlow("u1", 1, 1, Duration.ofMinutes(10));
		JdbcTemplate sameConnection = new JdbcTemplate(this.pool);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.pool));

		String inside = transaction.execute((status) -> {
			sameConnection.execute("SET LOCAL lock_timeout = '7s'");
			assertThat(this.claims.claim(settings(10), 1, "").rows()).hasSize(1);
			return sameConnection.queryForObject("SELECT current_setting('lock_timeout')", String.class);
		});

		assertThat(inside).as("lock_timeout after the claim lock was granted").isEqualTo("7s");
	}

	@Test
	void a_claim_for_a_handler_that_reads_no_row_returns_only_the_queues_fields() {
		this.rows.user("u1");
		String id = this.rows.loopingFlow("u1", 1, 1, Duration.ofMinutes(10)).get(0);

		ClaimedGeneration lean = this.claims.claim(settings(10), 1, "", false).rows().get(0);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", Integer.class))
			.as("the claim committed in the server as it returned: its claim lock is released")
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT worker_lease_owner FROM looping_flow_generations WHERE id = ?",
				String.class, id))
			.as("and its claim is visible to everyone")
			.isEqualTo("w1");
		assertThat(lean.rowJson()).isNull();
		assertThat(lean.fields()).containsOnlyKeys("id", "userId", "status", "worker_attempts", "worker_started_at")
			.containsEntry("id", id)
			.containsEntry("userId", "u1")
			.containsEntry("status", "processing")
			.containsEntry("worker_attempts", 1);
		OffsetDateTime started = this.jdbc.queryForObject(
				"SELECT worker_started_at FROM looping_flow_generations WHERE id = ?", OffsetDateTime.class, id);
		assertThat(OffsetDateTime.parse(lean.text("worker_started_at"))).isEqualTo(started);
	}

	@Test
	void a_whole_row_claim_and_a_lean_one_give_the_queues_fields_in_the_same_form() {
		this.rows.user("u1");
		List<String> ids = this.rows.loopingFlow("u1", 2, 1, Duration.ofMinutes(10));

		ClaimedGeneration whole = this.claims.claim(settings(10), 1, "", true).rows().get(0);
		ClaimedGeneration lean = this.claims.claim(settings(10), 1, "", false).rows().get(0);

		assertThat(whole.id()).isEqualTo(ids.get(0));
		assertThat(whole.rowJson()).contains("\"targetDuration\"");
		assertThat(whole.fields()).containsKeys("targetDuration", "creditUsed", "videoId");
		for (String field : lean.fields().keySet()) {
			assertThat(whole.fields()).containsKey(field);
			assertThat(lean.fields().get(field)).as(field)
				.isInstanceOf(field.equals("worker_attempts") ? Integer.class : String.class);
			assertThat(whole.fields().get(field)).as(field).isInstanceOf(lean.fields().get(field).getClass());
		}
		assertThat(OffsetDateTime.parse(whole.text("worker_started_at"))).isNotNull();
	}

	@Test
	void only_templates_that_name_a_row_column_make_a_handler_read_the_row() {
		assertThat(noop(Map.of()).readsRow()).isFalse();
		assertThat(noop(Map.of("outputPath", "/outputs/{app}/{id}-{attempt}.mp4")).readsRow()).isFalse();
		assertThat(noop(Map.of("outputPath", "/outputs/{userId}/{id}.mp4")).readsRow()).isTrue();
		assertThat(noop(Map.of("outputPath", "/outputs/{bucket}/{id}.mp4")).readsRow())
			.as("a variable may be shadowed by a column of the same name")
			.isTrue();
		assertThat(command(List.of("/bin/true", "{id}", "{attempt}")).readsRow()).isFalse();
		assertThat(command(List.of("/bin/true", "{videoId}")).readsRow()).isTrue();
		assertThat(
				new HttpHandlerFactory()
					.create(settings(new GenerationQueueProperties.Handler("http", "http://127.0.0.1:1/{id}", null,
							null, null, null), 10), this.jdbc)
					.readsRow())
			.as("the http handler posts the row")
			.isTrue();
	}

	private GenerationHandler noop(Map<String, String> outputs) {
		return new NoopHandlerFactory().create(settings(
				new GenerationQueueProperties.Handler("noop", null, null, outputs, null, Map.of("bucket", "b")), 10),
				this.jdbc);
	}

	private GenerationHandler command(List<String> command) {
		return new CommandHandlerFactory().create(
				settings(new GenerationQueueProperties.Handler("command", null, command, null, null, null), 10),
				this.jdbc);
	}

	private static AppSettings settings(int concurrency) {
		return settings(new GenerationQueueProperties.Handler("noop", null, null, null, null, null), concurrency);
	}

	private static AppSettings settings(GenerationQueueProperties.Handler handler, int concurrency) {
		return new AppSettings(GenerationTable.LOOPING_FLOW, handler, 1, concurrency, 10, 64, 10,
				Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ZERO, Duration.ZERO);
	}

}
