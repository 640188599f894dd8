package com.lumiku.worker.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The optimization report's query matrix on the real schema, each query run with random
 * users on one connection: p50 and p99 of the round trip (execute + read every row), the
 * scan nodes of its plan ({@code EXPLAIN (FORMAT JSON)}: node type and index), and the
 * report's claimed "after" figure beside it.
 */
final class QueriesBench {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int WARM_UP = 500;

	/** Binds a query's parameters for one execution: random user, today's period. */
	record Query(String name, double claimedMillis, String sql, Binder binder) {
	}

	/** Sets a query's parameter from a random seed and the number of users. */
	interface Binder {

		void bind(PreparedStatement statement, long seed, long users) throws SQLException;

	}

	/**
	 * One query's figures: round trips as the app sees them, and the server's own
	 * execution time ({@code EXPLAIN ANALYZE}'s "Execution Time", without the network,
	 * the driver, or this process being descheduled).
	 */
	record Result(Query query, double p50, double p99, double serverP50, double serverP99, String plan,
			boolean indexed) {
	}

	static List<Query> matrix() {
		return List.of(
				new Query("credit balance", 8, """
						SELECT balance FROM credits WHERE "userId" = ? ORDER BY "createdAt" DESC LIMIT 1""",
						QueriesBench::user),
				new Query("project list", 12, """
						SELECT id, name, "updatedAt" FROM video_mixer_projects WHERE "userId" = ?
						ORDER BY "updatedAt" DESC""", QueriesBench::user), new Query("generation history", 10, """
						SELECT id, status, "createdAt" FROM video_mixer_generations WHERE "userId" = ?
						ORDER BY "createdAt" DESC LIMIT 20""", QueriesBench::user),
				new Query("subscription validation", 11, """
						SELECT s.status, s."endDate", p.tier, p."dailyQuota" FROM subscriptions s
						JOIN subscription_plans p ON p.id = s."planId" WHERE s."userId" = ?""", QueriesBench::user),
				new Query("quota check", 12,
						"""
								SELECT "usageCount", "quotaLimit" FROM quota_usages
								WHERE "userId" = ? AND period = to_char(timezone('UTC', now()), 'YYYY-MM-DD') AND "quotaType" = 'daily'""",
						QueriesBench::user),
				new Query("payment history", 10, """
						SELECT id, amount, status, "createdAt" FROM payments WHERE "userId" = ?
						ORDER BY "createdAt" DESC LIMIT 20""", QueriesBench::user),
				new Query("active sessions", 12,
						"""
								SELECT id, "expiresAt" FROM sessions WHERE "userId" = ? AND "expiresAt" > timezone('UTC', now())""",
						QueriesBench::user),
				new Query("model analytics", 16, """
						SELECT count(*), sum("creditUsed") FROM model_usages
						WHERE "modelKey" = ? AND "createdAt" >= timezone('UTC', now()) - interval '1 day'""",
						QueriesBench::model),
				new Query("job-queue fetch", 10, """
						SELECT id, "userId" FROM video_mixer_generations WHERE status = 'pending'
						ORDER BY "createdAt" LIMIT 10""", (statement, seed, users) -> {
				}), new Query("credit history", 12, """
						SELECT id, amount, balance, type, "createdAt" FROM credits WHERE "userId" = ?
						  AND "createdAt" >= timezone('UTC', now()) - interval '30 days'
						ORDER BY "createdAt" DESC LIMIT 50""", QueriesBench::user));
	}

	private final long users;

	private final Connection connection;

	private final PrintWriter out;

	QueriesBench(Connection connection, long userCount, PrintWriter out) {
		this.connection = connection;
		this.users = userCount;
		this.out = out;
	}

	List<Result> run(int samples) throws SQLException {
		// one pass over the whole matrix first, so the first query measured does not pay
		// for
		// this JVM's JIT and the driver's statement preparation alone
		for (Query query : matrix()) {
			execute(query, WARM_UP, new SplittableRandom(7), null);
		}
		List<Result> results = new ArrayList<>();
		for (Query query : matrix()) {
			results.add(measure(query, samples));
		}
		return results;
	}

	void print(List<Result> results) {
		this.out.printf(Locale.ROOT, "%-24s %8s %8s %10s %10s %9s %10s  %s%n", "query", "p50 ms", "p99 ms",
				"server p50", "server p99", "report ms", "report/p99", "plan (scan nodes)");
		for (Result result : results) {
			this.out.printf(Locale.ROOT, "%-24s %8.3f %8.3f %10.3f %10.3f %9.0f %9.0fx  %s%s%n", result.query().name(),
					result.p50(), result.p99(), result.serverP50(), result.serverP99(), result.query().claimedMillis(),
					result.query().claimedMillis() / result.p99(), result.plan(),
					result.indexed() ? "" : "  <- NOT ON AN INDEX");
		}
		this.out.println("p50/p99: round trips from this process (execute + read all rows);"
				+ " server: EXPLAIN ANALYZE execution time of up to 500 runs");
		this.out.flush();
	}

	private Result measure(Query query, int samples) throws SQLException {
		SplittableRandom random = new SplittableRandom(42);
		long[] nanos = new long[samples];
		execute(query, samples, random, nanos);
		Arrays.sort(nanos);
		int analyzed = Math.min(samples, 500);
		long[] server = new long[analyzed];
		List<String> scans = new ArrayList<>();
		try (PreparedStatement explain = this.connection
			.prepareStatement("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + query.sql())) {
			for (int i = 0; i < analyzed; i++) {
				query.binder().bind(explain, random.nextLong(Long.MAX_VALUE), this.users);
				try (ResultSet rs = explain.executeQuery()) {
					rs.next();
					JsonNode root = json.readTree(rs.getString(1)).get(0);
					server[i] = (long) (root.get("Execution Time").asDouble() * 1e6);
					if (i == 0) {
						scanNodes(root.get("Plan"), scans);
					}
				}
			}
		}
		Arrays.sort(server);
		String plan = String.join(" + ", scans);
		// on an index: every table is reached through one (a bitmap heap scan reads the
		// pages
		// its bitmap index scan found); a sequential scan anywhere is not
		boolean indexed = !scans.isEmpty() && scans.stream().noneMatch((scan) -> scan.startsWith("Seq Scan"));
		return new Result(query, quantile(nanos, 0.50), quantile(nanos, 0.99), quantile(server, 0.50),
				quantile(server, 0.99), plan, indexed);
	}

	/**
	 * Runs a query {@code times} times, recording each round trip if {@code nanos} is
	 * given.
	 */
	private void execute(Query query, int times, SplittableRandom random, long[] nanos) throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement(query.sql())) {
			for (int i = 0; i < times; i++) {
				query.binder().bind(statement, random.nextLong(Long.MAX_VALUE), this.users);
				long started = System.nanoTime();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						rs.getObject(1);
					}
				}
				if (nanos != null) {
					nanos[i] = System.nanoTime() - started;
				}
			}
		}
	}

	private static void scanNodes(JsonNode node, List<String> scans) {
		String type = node.get("Node Type").asString();
		if (type.endsWith("Scan")) {
			JsonNode index = node.get("Index Name");
			scans
				.add(type + ((index != null) ? " " + index.asString() : " on " + node.get("Relation Name").asString()));
		}
		JsonNode children = node.get("Plans");
		if (children != null) {
			children.forEach((child) -> scanNodes(child, scans));
		}
	}

	private static double quantile(long[] sorted, double q) {
		int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	private static void user(PreparedStatement statement, long seed, long users) throws SQLException {
		statement.setString(1, "u" + (1 + Math.floorMod(seed, users)));
	}

	private static void model(PreparedStatement statement, long seed, long users) throws SQLException {
		statement.setString(1, "video-mixer:m" + (1 + Math.floorMod(seed, 20)));
	}

}
