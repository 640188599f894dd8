package com.lumiku.worker.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data of {@code bench queries}, generated set-based ({@code generate_series}) on a
 * scratch database: {@code users} users, {@code rows} credit-ledger rows spread over them
 * and over a year, and in proportion the other tables the report's queries read. Each
 * table's secondary indexes are dropped while it loads and rebuilt from their own
 * definitions afterwards (the schema ends exactly as migrated), then everything is
 * analyzed. Foreign-key triggers are skipped while loading where the role may
 * ({@code session_replication_role}); the rows are consistent by construction.
 */
final class QueriesBenchData {

	static final long CHUNK = 1_000_000;

	private static final List<String> TABLES = List.of("users", "credits", "payments", "subscriptions", "quota_usages",
			"sessions", "video_mixer_projects", "video_mixer_generations", "model_usages");

	private static final String DROPPABLE_INDEXES = """
			SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
			FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = 'public' AND t.relname = ?
			  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
			""";

	private static final String PLANS = """
			INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
			    "maxModelTier", "updatedAt")
			SELECT 'plan-' || t, t || '-monthly', t, t, 100000, 'monthly', 50, t, now()
			FROM unnest(ARRAY['free', 'basic', 'pro', 'enterprise']) t
			""";

	private static final String MODELS = """
			INSERT INTO ai_models (id, "appId", "modelId", "modelKey", name, provider, tier, "creditCost", "updatedAt")
			SELECT 'model-' || i, 'video-mixer', 'm' || i, 'video-mixer:m' || i, 'Model ' || i, 'bench', 'free', 1, now()
			FROM generate_series(1, 20) i
			""";

	/** One statement per table; %1$d first row, %2$d last row, %3$d users. */
	private static final List<String[]> LOADS = List.of(new String[] { "users", """
			INSERT INTO users (id, email, password, "updatedAt", "createdAt")
			SELECT 'u' || i, 'u' || i || '@bench', 'x', now(), now() - i * interval '1 minute'
			FROM generate_series(%1$d, %2$d) i""" }, new String[] { "credits", """
			INSERT INTO credits (id, "userId", amount, balance, type, "createdAt")
			SELECT 'c' || i, 'u' || (1 + i %% %3$d), 10, (i %% 1000)::int, 'usage',
			       timezone('UTC', now()) - (i %% 525600) * interval '1 minute'
			FROM generate_series(%1$d, %2$d) i""" }, new String[] { "payments", """
			INSERT INTO payments (id, "userId", "merchantOrderId", reference, amount, "creditAmount", status,
			    "createdAt", "updatedAt")
			SELECT 'p' || i, 'u' || (1 + i %% %3$d), 'order-' || i, 'ref-' || i, 50000, 100,
			       CASE WHEN i %% 10 = 0 THEN 'pending' ELSE 'success' END,
			       timezone('UTC', now()) - (i %% 525600) * interval '1 minute', now()
			FROM generate_series(%1$d, %2$d) i""" }, new String[] { "subscriptions", """
			INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle",
			    "updatedAt")
			SELECT 's' || i, 'u' || i, 'plan-' || (ARRAY['free', 'basic', 'pro', 'enterprise'])[1 + i %% 4],
			       'active', now() - interval '10 days', now() + interval '20 days', 'monthly', now()
			FROM generate_series(%1$d, %2$d) i WHERE i %% 2 = 0""" }, new String[] { "quota_usages", """
			INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "resetAt",
			    "updatedAt")
			SELECT 'q' || i, 'u' || (1 + i / 7), 'daily',
			       to_char(timezone('UTC', now()) - (i %% 7) * interval '1 day', 'YYYY-MM-DD'), i %% 50, 50,
			       now() + interval '1 day', now()
			FROM generate_series(%1$d, %2$d) i WHERE i / 7 < %3$d""" }, new String[] { "sessions", """
			INSERT INTO sessions (id, "userId", token, "expiresAt")
			SELECT 'sess' || i, 'u' || (1 + i %% %3$d), 'token-' || i,
			       timezone('UTC', now()) + CASE WHEN i %% 2 = 0 THEN interval '1 day' ELSE interval '-1 day' END
			FROM generate_series(%1$d, %2$d) i""" }, new String[] { "video_mixer_projects", """
			INSERT INTO video_mixer_projects (id, "userId", name, "updatedAt", "createdAt")
			SELECT 'vp' || i, 'u' || (1 + i %% %3$d), 'project ' || i,
			       now() - (i %% 1000) * interval '1 hour', now() - (i %% 1000) * interval '2 hours'
			FROM generate_series(%1$d, %2$d) i""" }, new String[] { "video_mixer_generations", """
			INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings, "creditUsed",
			    status, "createdAt", "updatedAt")
			SELECT 'vg' || i, 'vp' || (1 + i %% %3$d), 'u' || (1 + (1 + i %% %3$d) %% %3$d), 1, '{}', 1,
			       CASE WHEN i %% 100 = 0 THEN 'pending' ELSE 'completed' END,
			       timezone('UTC', now()) - (i %% 525600) * interval '1 minute', now()
			FROM generate_series(%1$d, %2$d) i""" }, new String[] { "model_usages", """
			INSERT INTO model_usages (id, "userId", "appId", "modelKey", "usageType", "creditUsed", action, "createdAt")
			SELECT 'mu' || i, 'u' || (1 + i %% %3$d), 'video-mixer', 'video-mixer:m' || (1 + i %% 20), 'credit', 2,
			       'generate', timezone('UTC', now()) - (i %% 129600) * interval '1 minute'
			FROM generate_series(%1$d, %2$d) i""" });

	private final JdbcTemplate jdbc;

	private final PrintWriter out;

	QueriesBenchData(JdbcTemplate jdbc, PrintWriter out) {
		this.jdbc = jdbc;
		this.out = out;
	}

	/**
	 * Loads the data set.
	 * @param users users
	 * @param rows credit-ledger rows
	 */
	void load(long users, long rows) {
		boolean replica = skipTriggers();
		this.jdbc.update(PLANS);
		this.jdbc.update(MODELS);
		for (String[] load : LOADS) {
			String table = load[0];
			long count = rowsOf(table, users, rows);
			long started = System.nanoTime();
			List<String[]> indexes = this.jdbc.query(DROPPABLE_INDEXES,
					(rs, i) -> new String[] { rs.getString("name"), rs.getString("definition") }, table);
			indexes.forEach((index) -> this.jdbc.execute("DROP INDEX public.\"" + index[0] + "\""));
			for (long first = 1; first <= count; first += CHUNK) {
				this.jdbc.update(String.format(Locale.ROOT, load[1], first, Math.min(count, first + CHUNK - 1), users));
			}
			indexes.forEach((index) -> this.jdbc.execute(index[1]));
			this.out.printf(Locale.ROOT, "  loaded %-24s %,12d rows in %6.1f s%n", table, count,
					(System.nanoTime() - started) / 1e9);
			this.out.flush();
		}
		if (replica) {
			this.jdbc.execute("SET session_replication_role = origin");
		}
		for (String table : TABLES) {
			this.jdbc.execute("VACUUM (ANALYZE) public." + table);
		}
	}

	static long rowsOf(String table, long users, long rows) {
		return switch (table) {
			case "credits" -> rows;
			case "payments" -> users * 3;
			case "quota_usages" -> users * 7;
			case "sessions" -> users * 2;
			case "video_mixer_generations" -> users * 5;
			case "model_usages" -> Math.max(users, rows / 10);
			default -> users;
		};
	}

	private boolean skipTriggers() {
		try {
			this.jdbc.execute("SET session_replication_role = replica");
			return true;
		}
		catch (RuntimeException ex) {
			this.out.println("  (foreign-key triggers stay on while loading: " + ex.getMessage() + ")");
			return false;
		}
	}

}
