package com.lumiku.worker.analytics;

import java.sql.Timestamp;
import java.time.LocalDateTime;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Usage rows for {@code bench analytics}, set-based (generate_series, one statement per
 * table): users with one project per app, then N rows spread over days, half ledger rows
 * (usage, refunds, bonuses), a fifth model_usages, the rest generations over the four
 * tables. Row ids carry a prefix so a later day's rows do not collide.
 */
final class AnalyticsBenchData {

	private static final String USERS = """
			INSERT INTO users (id, email, password, "updatedAt")
			SELECT 'u' || g, 'u' || g || '@bench', 'x', now() FROM generate_series(1, ?) g""";

	private static final String PROJECTS = """
			INSERT INTO %s (id, "userId", name, "updatedAt")
			SELECT 'p' || g, 'u' || g, 'p', now() FROM generate_series(1, ?) g""";

	private static final String MODELS = """
			INSERT INTO ai_models (id, "appId", "modelId", "modelKey", name, provider, tier, "creditCost", "updatedAt")
			SELECT a || '-' || n, a, 'm' || n, a || ':m' || n, 'model', 'bench', 'free', 1, now()
			FROM unnest(ARRAY['video-mixer', 'carousel-mix', 'looping-flow', 'avatar-creator']) a,
			     generate_series(0, 4) n""";

	/**
	 * The rows of one batch: g, its user, its app, its createdAt within [first, first +
	 * days).
	 */
	private static final String ROWS = """
			SELECT ? || g AS id, 'u' || (1 + floor(random() * ?))::int AS user_id,
			       (ARRAY['video-mixer', 'carousel-mix', 'looping-flow', 'avatar-creator'])[1 + g % 4] AS app,
			       ?::timestamp + make_interval(days => (g % ?)::int) + make_interval(secs => floor(random() * 86399)) AS ts,
			       random() AS r
			FROM generate_series(1, ?) g""";

	private static final String CREDITS = """
			INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceType", "createdAt")
			SELECT 'c' || id, user_id, CASE WHEN r < 0.85 THEN -(1 + g10) ELSE 1 + g10 END, 1000,
			       CASE WHEN r < 0.85 THEN 'usage' WHEN r < 0.9 THEN 'refund' ELSE 'bonus' END,
			       app || ': generate', 'app_usage', ts
			FROM (SELECT *, (r * 1000)::int %% 50 AS g10 FROM (%s) src) s""".formatted(ROWS);

	private static final String MODEL_USAGES = """
			INSERT INTO model_usages (id, "userId", "appId", "modelKey", "usageType", "creditUsed", "quotaUsed", action,
			    "createdAt")
			SELECT 'm' || id, user_id, app, app || ':m' || ((r * 100)::int %% 5), CASE WHEN r < 0.5 THEN 'quota' ELSE 'credit' END,
			       CASE WHEN r < 0.5 THEN NULL ELSE 1 + (r * 10)::int END, CASE WHEN r < 0.5 THEN 1 ELSE NULL END,
			       'generate', ts
			FROM (%s) src"""
		.formatted(ROWS);

	private static final String STATUS = """
			CASE WHEN r < 0.7 THEN 'completed' WHEN r < 0.8 THEN 'failed' WHEN r < 0.85 THEN 'pending'
			     WHEN r < 0.9 THEN 'processing' ELSE 'cancelled' END""";

	private static final String[] GENERATIONS = {
			"""
					INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings, "creditUsed", status,
					    "createdAt", "updatedAt")
					SELECT 'gv' || id, 'p' || substr(user_id, 2), user_id, 1, '{}', 1, %s, ts, ts FROM (%s) src""",
			"""
					INSERT INTO carousel_generations (id, "projectId", "userId", "numSlides", "numSetsGenerated", "creditUsed",
					    status, "createdAt")
					SELECT 'gc' || id, 'p' || substr(user_id, 2), user_id, 2, 1, 1, %s, ts FROM (%s) src""",
			"""
					INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration", "creditUsed",
					    status, "createdAt")
					SELECT 'gl' || id, 'p' || substr(user_id, 2), user_id, 'v', 30, 1, %s, ts FROM (%s) src""",
			"""
					INSERT INTO avatar_generations (id, "projectId", "userId", prompt, status, "createdAt")
					SELECT 'ga' || id, 'p' || substr(user_id, 2), user_id, 'p', %s, ts FROM (%s) src""" };

	private static final String[] PROJECT_TABLES = { "video_mixer_projects", "carousel_projects",
			"looping_flow_projects", "avatar_projects" };

	private final JdbcTemplate jdbc;

	private final int users;

	AnalyticsBenchData(JdbcTemplate jdbc, int users) {
		this.jdbc = jdbc;
		this.users = users;
	}

	void users() {
		this.jdbc.update(USERS, this.users);
		for (String table : PROJECT_TABLES) {
			this.jdbc.update(PROJECTS.formatted(table), this.users);
		}
		this.jdbc.update(MODELS);
	}

	/**
	 * Inserts {@code rows} usage rows created over {@code days} days from {@code first}.
	 * @return the rows inserted
	 */
	long usage(String prefix, long rows, LocalDateTime first, int days) {
		long credits = rows / 2;
		long modelUsages = rows / 5;
		long generations = (rows - credits - modelUsages) / 4;
		Timestamp from = Timestamp.valueOf(first);
		long inserted = this.jdbc.update(CREDITS, prefix, this.users, from, days, credits);
		inserted += this.jdbc.update(MODEL_USAGES, prefix, this.users, from, days, modelUsages);
		for (String generation : GENERATIONS) {
			inserted += this.jdbc.update(generation.formatted(STATUS, ROWS), prefix, this.users, from, days,
					generations);
		}
		return inserted;
	}

}
