package com.lumiku.worker.generation;

import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim: one statement that locks pending rows with {@code FOR UPDATE SKIP LOCKED}
 * and moves them to processing under a lease measured by the database clock, with the
 * attempt number and start time, returning them.
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
 */
final class LockAndFetchGenerations {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
	};

	private static final String CLAIM = """
			WITH RECURSIVE pending_users(user_id, seen) AS (
			    (SELECT "userId", 1 FROM %1$s WHERE status = 'pending' AND "userId" > ?
			     ORDER BY "userId" LIMIT 1)
			    UNION ALL
			    SELECT (SELECT g."userId" FROM %1$s g WHERE g.status = 'pending' AND g."userId" > p.user_id
			            ORDER BY g."userId" LIMIT 1), p.seen + 1
			    FROM pending_users p WHERE p.user_id IS NOT NULL AND p.seen < ?
			),
			in_flight AS (
			    SELECT "userId" AS user_id, count(*) AS n FROM %1$s
			    WHERE status = 'processing' AND worker_lease_until IS NOT NULL GROUP BY "userId"
			),
			offers AS (
			    SELECT c.id, c."createdAt",
			           row_number() OVER (PARTITION BY u.user_id ORDER BY c."createdAt", c.id) AS turn
			    FROM pending_users u
			    LEFT JOIN in_flight f ON f.user_id = u.user_id
			    CROSS JOIN LATERAL (
			        SELECT g.id, g."createdAt" FROM %1$s g
			        WHERE g.status = 'pending' AND g."userId" = u.user_id
			          AND (g.worker_run_after IS NULL OR g.worker_run_after <= now())
			        ORDER BY g."createdAt", g.id
			        LIMIT least(?, greatest(0, ? - coalesce(f.n, 0)))
			    ) c
			    WHERE u.user_id IS NOT NULL
			)
			UPDATE %1$s t
			SET status = 'processing', worker_attempts = t.worker_attempts + 1, worker_lease_owner = ?,
			    worker_lease_until = now() + ? * interval '1 millisecond', worker_started_at = now(),
			    worker_run_after = NULL %2$s
			WHERE t.id IN (
			    SELECT g.id FROM %1$s g JOIN offers o ON o.id = g.id
			    WHERE g.status = 'pending'
			    ORDER BY o.turn, o."createdAt", g.id
			    LIMIT least(?, greatest(0, ? - (SELECT count(*) FROM %1$s
			                                    WHERE status = 'processing' AND worker_lease_until IS NOT NULL)))
			    FOR UPDATE OF g SKIP LOCKED)
			RETURNING t.id, t."userId", t.worker_attempts, to_jsonb(t)::text AS row
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final String owner;

	LockAndFetchGenerations(JdbcTemplate jdbc, TransactionTemplate transactions, String owner) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.owner = owner;
	}

	/**
	 * Claims up to {@code limit} rows of one app.
	 * @param settings the app's limits and lease
	 * @param limit how many this worker can start now
	 * @param cursor the user id after which the round robin starts ("" for the start)
	 * @return the claimed rows, in the order they should run
	 */
	List<ClaimedGeneration> claim(AppSettings settings, int limit, String cursor) {
		GenerationTable table = settings.table();
		String sql = CLAIM.formatted(table.table(), table.touchUpdatedAt());
		List<ClaimedGeneration> claimed = this.transactions.execute((status) -> {
			this.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('lumiku-generation-claim:' || ?))",
					Object.class, table.table());
			return this.jdbc.query(sql, (rs, i) -> {
				String rowJson = rs.getString("row");
				return new ClaimedGeneration(table, rs.getString("id"), rs.getString("userId"),
						rs.getInt("worker_attempts"), json.readValue(rowJson, ROW), rowJson, 0L);
			}, cursor, settings.scanWidth(), limit, settings.perUserCap(), this.owner, settings.lease().toMillis(),
					limit, settings.concurrency());
		});
		long now = System.nanoTime();
		return claimed.stream()
			.map((c) -> new ClaimedGeneration(c.table(), c.id(), c.userId(), c.attempt(), c.fields(), c.rowJson(), now))
			.toList();
	}

	String owner() {
		return this.owner;
	}

}
