package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
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
 * first row before anyone's second. The app's cluster-wide {@code concurrency} bounds the
 * rows in flight; claims of one app are serialised by a transaction-scoped advisory lock
 * so that bound holds across processes.
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
 * <li>The claim transaction plans with {@code jit = off}. Before PostgreSQL 18 a disabled
 * plan node adds {@code disable_cost} (10^10) to the estimate, so with
 * {@code enable_sort = off} every claim's plan cost crossed {@code jit_above_cost} and
 * each claim was JIT-compiled with inlining and optimisation: on Debian's PostgreSQL 15
 * (LLVM JIT on by default) 818 ms of compilation for a claim that runs in 45 ms, 250
 * jobs/s instead of thousands (measured in {@code bench generation-queue}; the embedded
 * PostgreSQL 18 has neither the cost nor JIT, so tests there never saw it).</li>
 * <li>The app's claim lock is taken with {@code pg_try_advisory_xact_lock}: a claimer
 * that finds it held does not queue behind it but reports {@link Claim#busy()} and tries
 * again shortly, so one slow claim never holds every other claimer's connection and
 * thread.</li>
 * </ul>
 */
final class LockAndFetchGenerations {

	private static final Logger logger = LoggerFactory.getLogger(LockAndFetchGenerations.class);

	/** A claim slower than this is logged: the claim lock was held that long. */
	private static final Duration SLOW_CLAIM = Duration.ofSeconds(1);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
	};

	private static final String LOCK = """
			SELECT pg_try_advisory_xact_lock(hashtext('lumiku-generation-claim:' || ?))
			       AND set_config('plan_cache_mode', 'force_custom_plan', true) IS NOT NULL
			       AND set_config('enable_sort', 'off', true) IS NOT NULL
			       AND set_config('jit', 'off', true) IS NOT NULL
			""";

	private static final String CLAIM = GenerationStatus.CLAIM.sql("""
			WITH RECURSIVE pending_users(user_id, seen) AS (
			    (SELECT "userId", 1 FROM %1$s WHERE status = 'pending' AND "userId" > ?
			     ORDER BY "userId" LIMIT 1)
			    UNION ALL
			    SELECT (SELECT g."userId" FROM %1$s g WHERE g.status = 'pending' AND g."userId" > p.user_id
			            ORDER BY g."userId" LIMIT 1), p.seen + 1
			    FROM pending_users p WHERE p.user_id IS NOT NULL AND p.seen < ?
			),
			in_flight AS MATERIALIZED (
			    SELECT "userId" AS user_id, count(*) AS n FROM %1$s
			    WHERE status = 'processing' AND worker_lease_until IS NOT NULL GROUP BY "userId"
			),
			offers AS MATERIALIZED (
			    SELECT c.id, row_number() OVER (ORDER BY c.turn, c."createdAt", c.id) AS rank
			    FROM pending_users u
			    LEFT JOIN in_flight f ON f.user_id = u.user_id
			    CROSS JOIN LATERAL (
			        SELECT g.id, g."createdAt", row_number() OVER (ORDER BY g."userId", g."createdAt") AS turn
			        FROM %1$s g
			        WHERE g.status = 'pending' AND g."userId" >= u.user_id AND g."userId" <= u.user_id
			          AND (g.worker_run_after IS NULL OR g.worker_run_after <= now())
			        ORDER BY g."userId", g."createdAt"
			        LIMIT least(?, greatest(0, ? - coalesce(f.n, 0)))
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
			        worker_lease_until = now() + ? * interval '1 millisecond', worker_started_at = now(),
			        worker_run_after = NULL %2$s
			    FROM picked p WHERE t.id = p.id
			    RETURNING p.rank, t.id, t."userId", t.worker_attempts, to_jsonb(t)::text AS row
			)
			SELECT id, "userId", worker_attempts, row FROM claimed ORDER BY rank
			""");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final String owner;

	LockAndFetchGenerations(JdbcTemplate jdbc, TransactionTemplate transactions, String owner) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.owner = owner;
	}

	/**
	 * Claims up to {@code limit} rows of one app, unless another claimer of the app holds
	 * its claim lock.
	 * @param settings the app's limits and lease
	 * @param limit how many this worker can start now
	 * @param cursor the user id after which the round robin starts ("" for the start)
	 * @return the claimed rows, in the order they should run, or busy
	 */
	Claim claim(AppSettings settings, int limit, String cursor) {
		GenerationTable table = settings.table();
		String sql = CLAIM.formatted(table.table(), table.touchUpdatedAt());
		long start = System.nanoTime();
		Claim claim = this.transactions.execute((status) -> {
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject(LOCK, Boolean.class, table.table()))) {
				return Claim.BUSY;
			}
			return new Claim(this.jdbc.query(sql, (rs, i) -> {
				String rowJson = rs.getString("row");
				return new ClaimedGeneration(table, rs.getString("id"), rs.getString("userId"),
						rs.getInt("worker_attempts"), json.readValue(rowJson, ROW), rowJson, 0L);
			}, cursor, settings.scanWidth(), limit, settings.perUserCap(), limit, settings.concurrency(), this.owner,
					settings.lease().toMillis()), false);
		});
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
