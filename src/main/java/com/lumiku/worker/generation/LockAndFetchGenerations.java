package com.lumiku.worker.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim: one statement that locks pending rows with {@code FOR UPDATE SKIP LOCKED}
 * and moves them to processing under a lease measured by the database clock, with the
 * attempt number and start time, returning them in the order they should run.
 *
 * <p>
 * Fairness rule (documented in the README): candidates come from a window of
 * {@code scanWidth} users who have pending rows, visited in {@code userId} order from a
 * rotating cursor (a loose index scan on {@code gq_*_pending_user}, so a user's backlog
 * costs nothing). Each user offers at most {@code perUserCap} minus the rows they already
 * have in flight, oldest first, and the picks are interleaved round-robin: every user's
 * first row before anyone's second. The cursor is the app's, cluster-wide
 * ({@code lumiku_worker.generation_claim_cursor}, moved by each claim under the claim
 * lock), so the claims of every process continue one round robin. The app's cluster-wide
 * {@code concurrency} bounds the rows in flight; claims of one app are serialised by a
 * transaction-scoped advisory lock so that bound holds across processes.
 *
 * <p>
 * Bounded cost, whatever the statistics say. The queue's normal day is idle (every claim
 * finds nothing) and then a burst: a plan made while the table was empty must not run the
 * burst. Three rules keep the claim at a few index probes per row it returns:
 * <ul>
 * <li>The pending set is only read through index-ordered {@code LIMIT} probes (the loose
 * scan and each user's offers); the offers, at most {@code scanWidth × perUserCap} rows,
 * are materialised, and each is locked by its primary key in a {@code LATERAL} that
 * cannot be flattened into a join. The first version joined the whole pending set against
 * the offers: a plan that thought the table empty ran it as a nested loop, 20,000 pending
 * rows × 1,280 offers, 30 s per claim.</li>
 * <li>The claim transaction plans with {@code plan_cache_mode = force_custom_plan}:
 * pgjdbc prepares the statement on the server after five executions and PostgreSQL then
 * switches to a generic plan made once, which an idle queue makes while the table is
 * empty; a custom plan sees the table's current size every time (planning costs well
 * under a millisecond).</li>
 * <li>Every lookup has one index that serves it, and the planner is steered to it even
 * when the statistics say there is nothing pending (the steady state of a big queue: a
 * table analyzed while every row was finished, then a burst). The claim transaction sets
 * {@code enable_sort = off}, so an index that yields the order a {@code LIMIT} probe asks
 * for wins over reading the pending set and sorting it; a user's offers are asked for by
 * a range on {@code "userId"} ordered by {@code ("userId", "createdAt")} (an equality
 * would make the order by {@code "createdAt"} alone, which the {@code gq_*_pending} index
 * gives too, by reading every pending row), so only {@code gq_*_pending_user} serves
 * them; and the row lock's lookup by primary key is fenced ({@code OFFSET 0}) so the
 * status test outside it cannot turn it into a scan of the pending index. Without these,
 * a 20,000-row burst into such a table read 12.5 million tuples per claim (3.2 s); with
 * them, about 14,000 buffers and 22 ms (ClaimCostTest counts the tuples).</li>
 * <li>A user's rows in flight are counted per user of the window, at most
 * {@code perUserCap} of them, by a range on {@code "userId"} ordered by
 * {@code ("userId", status)} (the app's own {@code *_userId_status_idx} serves it; with
 * {@code enable_sort = off} nothing else can), so a claim reads at most
 * {@code scanWidth × perUserCap} in-flight rows for the caps. It used to count every row
 * in flight grouped by user: 4,000 rows per claim at the benchmark's concurrency.</li>
 * <li>The claim transaction plans with {@code jit = off}. Before PostgreSQL 18 a disabled
 * plan node adds {@code disable_cost} (10^10) to the estimate, so with
 * {@code enable_sort = off} every claim's plan cost crossed {@code jit_above_cost} and
 * each claim was JIT-compiled with inlining and optimisation: on Debian's PostgreSQL 15
 * (LLVM JIT on by default) 818 ms of compilation for a claim that runs in 45 ms, 250
 * jobs/s instead of thousands (measured in {@code bench generation-queue}; the embedded
 * PostgreSQL 18 has neither the cost nor JIT, so tests there never saw it).</li>
 * <li>The app's claim lock is taken with {@code pg_advisory_xact_lock} under a
 * transaction-local {@code lock_timeout} of {@link #LOCK_WAIT}: a waiting claimer gets
 * the lock the moment its holder commits (before, with {@code pg_try_advisory_xact_lock}
 * and a 20 ms pause, 2 processes made 7.4 attempts per claim and slept between them), and
 * one slow claim still never holds every other claimer: after the bound it reports
 * {@link Claim#busy()} and tries again.</li>
 * <li>The claim commits synchronously, like every other write of the queue, although the
 * claim lock is held until the commit and so every other claimer of the app waits for the
 * claim's WAL flush too. With {@code synchronous_commit = off} (tried, and faster) a
 * claim lost in a server crash would put its rows back to pending at once, while the
 * handler that had claimed them still ran them: another worker would claim and run the
 * same attempt beside it, where a kept claim's lease holds the row until it expires.</li>
 * </ul>
 */
final class LockAndFetchGenerations {

	private static final Logger logger = LoggerFactory.getLogger(LockAndFetchGenerations.class);

	/** A claim slower than this is logged: the claim lock was held that long. */
	private static final Duration SLOW_CLAIM = Duration.ofSeconds(1);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
	};

	/**
	 * How long a claimer waits for the app's claim lock before it reports busy. The lock
	 * is handed over the moment its holder commits (PostgreSQL queues the waiters in
	 * order), so claimers in other processes do not sleep between claims; the bound keeps
	 * one slow claim from holding every other claimer's connection and thread.
	 */
	static final Duration LOCK_WAIT = Duration.ofMillis(200);

	/**
	 * The transaction's plan settings, then the app's claim lock, waiting at most
	 * {@link #LOCK_WAIT}, then the transaction's lock timeout back to what it was (so the
	 * claim itself, its trigger included, waits as any statement would). Each step is a
	 * fenced subquery the next one reads from, so they run in this order.
	 */
	private static final String LOCK = """
			SELECT set_config('lock_timeout', s.lock_timeout_before, true) IS NOT NULL FROM (
			    SELECT b.lock_timeout_before, b.claim_key, set_config('lock_timeout', ?, true),
			           set_config('plan_cache_mode', 'force_custom_plan', true),
			           set_config('enable_sort', 'off', true), set_config('jit', 'off', true)
			    FROM (SELECT current_setting('lock_timeout') AS lock_timeout_before,
			                 hashtext('lumiku-generation-claim:' || ?) AS claim_key OFFSET 0) b
			    OFFSET 0) s
			CROSS JOIN LATERAL pg_advisory_xact_lock(s.claim_key)
			""";

	private static final String CLAIM = GenerationStatus.CLAIM
		.sql("""
				WITH RECURSIVE pending_users(user_id, seen) AS (
				    (SELECT "userId", 1 FROM %1$s
				     WHERE status = 'pending'
				       AND "userId" > (SELECT coalesce(?::text, (SELECT k.user_id FROM lumiku_worker.generation_claim_cursor k
				                                                 WHERE k.generation_table = ?::text), ''))
				     ORDER BY "userId" LIMIT 1)
				    UNION ALL
				    SELECT (SELECT g."userId" FROM %1$s g WHERE g.status = 'pending' AND g."userId" > p.user_id
				            ORDER BY g."userId" LIMIT 1), p.seen + 1
				    FROM pending_users p WHERE p.user_id IS NOT NULL AND p.seen < ?
				),
				offers AS MATERIALIZED (
				    SELECT c.id, row_number() OVER (ORDER BY c.turn, c."createdAt", c.id) AS rank
				    FROM pending_users u
				    CROSS JOIN LATERAL (
				        SELECT count(*) AS n FROM (
				            SELECT 1 FROM %1$s h
				            WHERE h."userId" >= u.user_id AND h."userId" <= u.user_id AND h.status = 'processing'
				              AND h.worker_lease_until IS NOT NULL
				            ORDER BY h."userId", h.status
				            LIMIT ?
				        ) x
				    ) f
				    CROSS JOIN LATERAL (
				        SELECT g.id, g."createdAt", row_number() OVER (ORDER BY g."userId", g."createdAt") AS turn
				        FROM %1$s g
				        WHERE g.status = 'pending' AND g."userId" >= u.user_id AND g."userId" <= u.user_id
				          AND (g.worker_run_after IS NULL OR g.worker_run_after <= statement_timestamp())
				        ORDER BY g."userId", g."createdAt"
				        LIMIT least(?, greatest(0, ? - f.n))
				    ) c
				    WHERE u.user_id IS NOT NULL
				),
				picked AS MATERIALIZED (
				    SELECT o.id, o.rank
				    FROM (SELECT id, rank FROM offers ORDER BY rank) o
				    CROSS JOIN LATERAL (SELECT g.status FROM %1$s g WHERE g.id = o.id FOR UPDATE SKIP LOCKED OFFSET 0) l
				    WHERE l.status = {from}
				    LIMIT least(?, greatest(0, ? - (SELECT count(*) FROM %1$s
				                                    WHERE status = 'processing' AND worker_lease_until IS NOT NULL)))
				),
				claimed AS (
				    UPDATE %1$s t
				    SET status = {to}, worker_attempts = t.worker_attempts + 1, worker_lease_owner = ?,
				        worker_lease_until = statement_timestamp() + ? * interval '1 millisecond',
				        worker_started_at = statement_timestamp(),
				        worker_run_after = NULL %2$s
				    FROM picked p WHERE t.id = p.id
				    RETURNING p.rank, t.id, t."userId", t.worker_attempts, to_jsonb(t.worker_started_at) #>> '{}' AS started,
				              %3$s AS row
				),
				moved AS (
				    INSERT INTO lumiku_worker.generation_claim_cursor AS k (generation_table, user_id)
				    SELECT ?::text, coalesce(max("userId"), '') FROM claimed
				    ON CONFLICT (generation_table) DO UPDATE SET user_id = excluded.user_id
				)
				SELECT id, "userId", worker_attempts, started, row FROM claimed ORDER BY rank
				""");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final String owner;

	LockAndFetchGenerations(JdbcTemplate jdbc, String owner) {
		this.jdbc = jdbc;
		// the lock and the claim in one explicit transaction, committed by this process:
		// sent in one round trip in autocommit mode instead, the claim ran without the
		// lock
		// in the benchmark (pg_stat_activity: up to 4 claims at once, none holding it)
		this.transactions = new TransactionTemplate(
				new DataSourceTransactionManager(Objects.requireNonNull(jdbc.getDataSource())));
		this.owner = owner;
	}

	/**
	 * Claims up to {@code limit} rows of one app with their whole row (what a handler
	 * that reads the row's columns needs), unless another claimer of the app held its
	 * claim lock for longer than {@link #LOCK_WAIT}.
	 * @param settings the app's limits and lease
	 * @param limit how many this worker can start now
	 * @param cursor the user id after which the round robin starts ("" for the start;
	 * null: after the app's cluster-wide cursor, where the previous claim ended)
	 * @return the claimed rows, in the order they should run, or busy
	 */
	Claim claim(AppSettings settings, int limit, String cursor) {
		return claim(settings, limit, cursor, true);
	}

	/**
	 * Claims up to {@code limit} rows of one app.
	 * @param settings the app's limits and lease
	 * @param limit how many this worker can start now
	 * @param cursor the user id after which the round robin starts ("" for the start;
	 * null: after the app's cluster-wide cursor, where the previous claim ended); the
	 * claim moves the app's cursor to its last user ("" when it claimed nothing)
	 * @param wholeRow whether each row comes back whole
	 * ({@link ClaimedGeneration#fields()} every column, and
	 * {@link ClaimedGeneration#rowJson()}); without it only the queue's own columns, for
	 * a handler that reads nothing of the row
	 * @return the claimed rows, in the order they should run, or busy
	 */
	Claim claim(AppSettings settings, int limit, String cursor, boolean wholeRow) {
		GenerationTable table = settings.table();
		String sql = CLAIM.formatted(table.table(), table.touchUpdatedAt(),
				wholeRow ? "to_jsonb(t)::text" : "NULL::text");
		long start = System.nanoTime();
		Claim claim;
		try {
			claim = this.transactions.execute((status) -> {
				this.jdbc.queryForObject(LOCK, Boolean.class, LOCK_WAIT.toMillis() + "ms", table.table());
				return new Claim(this.jdbc.query(sql, (rs, i) -> row(table, rs, wholeRow), cursor, table.table(),
						settings.scanWidth(), settings.perUserCap(), limit, settings.perUserCap(), limit,
						settings.concurrency(), this.owner, settings.lease().toMillis(), table.table()), false);
			});
		}
		catch (DataAccessException ex) {
			if (!lockTimedOut(ex)) {
				throw ex;
			}
			claim = Claim.BUSY;
		}
		long now = System.nanoTime();
		if (Duration.ofNanos(now - start).compareTo(SLOW_CLAIM) > 0) {
			logger.warn("A claim of {} took {} ms for {} row(s); other claimers of the app skipped meanwhile",
					settings.app(), (now - start) / 1_000_000, claim.rows().size());
		}
		return new Claim(claim.rows()
			.stream()
			.map((c) -> new ClaimedGeneration(c.table(), c.id(), c.userId(), c.attempt(), c.fields(), c.rowJson(), now))
			.toList(), claim.busy());
	}

	private static ClaimedGeneration row(GenerationTable table, ResultSet rs, boolean wholeRow) throws SQLException {
		String id = rs.getString("id");
		String userId = rs.getString("userId");
		int attempt = rs.getInt("worker_attempts");
		if (wholeRow) {
			String rowJson = rs.getString("row");
			return new ClaimedGeneration(table, id, userId, attempt, json.readValue(rowJson, ROW), rowJson, 0L);
		}
		Map<String, Object> fields = new HashMap<>();
		fields.put("id", id);
		fields.put("userId", userId);
		fields.put("status", GenerationStatus.PROCESSING.value());
		fields.put("worker_attempts", attempt);
		fields.put("worker_started_at", rs.getString("started"));
		return new ClaimedGeneration(table, id, userId, attempt, fields, null, 0L);
	}

	/** The claim lock was not granted within {@link #LOCK_WAIT} (SQLSTATE 55P03). */
	private static boolean lockTimedOut(DataAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	String owner() {
		return this.owner;
	}

	/**
	 * What a claim got.
	 *
	 * @param rows the claimed rows, in the order they should run
	 * @param busy another claimer of the app held the claim lock (nothing was claimed;
	 * try again shortly)
	 */
	record Claim(List<ClaimedGeneration> rows, boolean busy) {

		static final Claim BUSY = new Claim(List.of(), true);

	}

}
