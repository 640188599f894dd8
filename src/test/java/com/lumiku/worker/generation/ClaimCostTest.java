package com.lumiku.worker.generation;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim costs a few index probes per row it returns, whatever the planner believes
 * about the table: a warm claimer (one connection that claimed from the empty queue many
 * times, so pgjdbc prepared the claim on the server and PostgreSQL may plan it once,
 * generically) claims the first 500 rows of a 20,000-row burst in milliseconds, whether
 * the table was never analyzed, analyzed while empty, or analyzed while every row was
 * finished. Autovacuum is off for the table: the statistics stay what the test made them.
 * And a claimer never waits behind another one's claim lock.
 */
class ClaimCostTest {

	private static final GenerationQueueProperties.Handler NOOP = new GenerationQueueProperties.Handler("noop", null,
			null, null, null, null);

	private static final AppSettings SETTINGS = new AppSettings(GenerationTable.LOOPING_FLOW, NOOP, 2, 1_000_000,
			1_000_000, 64, 500, Duration.ofMinutes(1), Duration.ofMinutes(5), 3, Duration.ofSeconds(1),
			Duration.ofSeconds(1));

	/** Per-user cap 20, so that every user has room beside their 10 rows in flight. */
	private static final AppSettings CAPPED = new AppSettings(GenerationTable.LOOPING_FLOW, NOOP, 2, 1_000_000, 20, 64,
			500, Duration.ofMinutes(1), Duration.ofMinutes(5), 3, Duration.ofSeconds(1), Duration.ofSeconds(1));

	/**
	 * The most tuples one claim of 500 rows may read: it reads about 2,400 (the offers of
	 * 64 users and the rows it locks); the plans this guards against read 1.3 to 25
	 * million.
	 */
	private static final long MAX_TUPLES_READ = 5_000;

	private TestDatabase database;

	private JdbcTemplate jdbc;

	private SingleConnectionDataSource connection;

	private LockAndFetchGenerations claims;

	private TransactionTemplate transactions;

	@BeforeEach
	void warmClaimerOnAnEmptyQueue() {
		this.database = MigratedDatabases.fresh("claimcost");
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.jdbc.execute("ALTER TABLE looping_flow_generations SET (autovacuum_enabled = false)");
		this.jdbc.update("""
				INSERT INTO users (id, email, password, "updatedAt")
				SELECT 'u' || i, 'u' || i || '@test', 'x', timezone('UTC', now()) FROM generate_series(1, 1000) i""");
		this.jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				SELECT 'p' || i, 'u' || i, 'p', timezone('UTC', now()) FROM generate_series(1, 1000) i""");
		this.connection = new SingleConnectionDataSource(this.database.url(), this.database.user(),
				this.database.password(), true);
		this.connection.setAutoCommit(true);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.connection));
		this.claims = new LockAndFetchGenerations(new JdbcTemplate(this.connection), "warm");
	}

	@AfterEach
	void dropDatabase() {
		this.connection.destroy();
		PostgresServer.get().dropDatabase(this.database);
	}

	@Test
	void a_burst_into_a_never_analyzed_idle_queue_is_claimed_in_milliseconds() {
		idleClaims();
		burst("b");

		assertClaimIsCheap();
	}

	@Test
	void a_burst_into_a_queue_analyzed_while_empty_is_claimed_in_milliseconds() {
		this.jdbc.execute("ANALYZE looping_flow_generations");
		idleClaims();
		burst("b");

		assertClaimIsCheap();
	}

	@Test
	void a_burst_into_a_queue_analyzed_while_every_row_was_finished_is_claimed_in_milliseconds() {
		burst("old");
		this.jdbc.update("UPDATE looping_flow_generations SET status = 'completed'");
		this.jdbc.execute("VACUUM ANALYZE looping_flow_generations");
		idleClaims();
		burst("b");

		assertClaimIsCheap();
	}

	/**
	 * The per-user caps count only the window's users' rows in flight, at most the cap
	 * each. The cluster-wide concurrency bound still counts every row in flight (one
	 * index entry each, 10,000 here), so the bound is the usual one plus those; the claim
	 * that counted every row in flight grouped by user read 347,306 tuples here.
	 */
	@Test
	void a_claim_with_ten_thousand_rows_in_flight_reads_only_its_windows_share_of_them() {
		idleClaims();
		burst("b");
		this.jdbc
			.update("""
					UPDATE looping_flow_generations SET status = 'processing', worker_lease_owner = 'other',
					       worker_lease_until = now() + interval '1 hour', worker_attempts = 1
					WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY "userId" ORDER BY "createdAt") AS n
					                             FROM looping_flow_generations) r WHERE n <= 10)""");
		this.jdbc.execute("VACUUM ANALYZE looping_flow_generations");

		assertClaimIsCheap(CAPPED, MAX_TUPLES_READ + 10_000);
	}

	/**
	 * Before PostgreSQL 18, {@code enable_sort = off} adds 10^10 to the plan's cost, far
	 * over {@code jit_above_cost}: with JIT on (Debian's PostgreSQL 15 default) every
	 * claim was compiled, 818 ms of LLVM work for a 45 ms claim. The claim's transaction
	 * plans with JIT off, whatever the server's setting.
	 */
	@Test
	void a_claim_is_never_jit_compiled_whatever_the_server_setting() {
		burst("b");
		JdbcTemplate sameConnection = new JdbcTemplate(this.connection);
		sameConnection.execute("SET jit = on");
		String jit = this.transactions.execute((status) -> {
			assertThat(this.claims.claim(SETTINGS, 500, "").rows()).hasSize(500);
			return sameConnection.queryForObject("SELECT current_setting('jit')", String.class);
		});

		assertThat(jit).as("jit in the claim's transaction").isEqualTo("off");
		assertThat(sameConnection.queryForObject("SELECT current_setting('jit')", String.class))
			.as("the connection's own setting after the claim")
			.isEqualTo("on");
	}

	@Test
	void a_claimer_that_finds_the_claim_lock_held_past_its_wait_answers_busy() throws Exception {
		burst("b");
		try (Connection holder = this.database.dataSource().getConnection()) {
			holder.setAutoCommit(false);
			holder.createStatement()
				.execute("SELECT pg_advisory_xact_lock(hashtext('lumiku-generation-claim:looping_flow_generations'))");

			long start = System.nanoTime();
			LockAndFetchGenerations.Claim claim = this.claims.claim(SETTINGS, 500, "");

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			assertThat(claim.busy()).isTrue();
			assertThat(claim.rows()).isEmpty();
			holder.rollback();
		}
		assertThat(this.claims.claim(SETTINGS, 500, "").rows()).hasSize(500);
	}

	/** More claims on the empty queue than pgjdbc (5) and the plan cache (5) wait for. */
	private void idleClaims() {
		for (int i = 0; i < 15; i++) {
			assertThat(this.claims.claim(SETTINGS, 500, "").rows()).isEmpty();
		}
	}

	/** The app inserts 20,000 pending rows of 1,000 users in one statement. */
	private void burst(String prefix) {
		this.jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "createdAt")
				SELECT ? || '-' || i, 'p' || (1 + i % 1000), 'u' || (1 + i % 1000), 'v', 10, 1,
				       timezone('UTC', now()) - interval '1 hour' + i * interval '1 millisecond'
				FROM generate_series(1, 20000) i""", prefix);
	}

	/**
	 * The claim's cost as the work it does, not as time (a loaded machine stretches time,
	 * not work): the table's tuples it read, counted by PostgreSQL for the claim's own
	 * transaction ({@code pg_stat_xact_user_tables}, read before it commits). The generic
	 * plan of issue 9 read every pending row once per claimed row (25.6 million tuples
	 * for one claim); a claim of 500 rows by index-ordered lookups reads a few per row.
	 */
	private void assertClaimIsCheap() {
		assertClaimIsCheap(SETTINGS, MAX_TUPLES_READ);
	}

	private void assertClaimIsCheap(AppSettings settings, long maxTuplesRead) {
		JdbcTemplate sameConnection = new JdbcTemplate(this.connection);
		record Cost(List<ClaimedGeneration> claimed, long tuplesRead, Duration took) {
		}
		Cost cost = this.transactions.execute((status) -> {
			long start = System.nanoTime();
			List<ClaimedGeneration> claimed = this.claims.claim(settings, 500, "").rows();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			Long read = sameConnection.queryForObject("""
					SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
					FROM pg_stat_xact_user_tables WHERE relname = 'looping_flow_generations'""", Long.class);
			return new Cost(claimed, read, took);
		});

		assertThat(cost.claimed()).hasSize(500);
		assertThat(cost.tuplesRead())
			.as("tuples of looping_flow_generations one claim of 500 rows read (took %s)", cost.took())
			.isLessThan(maxTuplesRead);
		assertThat(cost.claimed().subList(0, 64)).extracting(ClaimedGeneration::userId)
			.as("in the order they run: 64 users' first rows before anyone's second")
			.doesNotHaveDuplicates();
	}

}
