package com.lumiku.worker.analytics;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Random writes to every source table of the analytics, as the app makes them: inserts
 * (some late, with an old {@code createdAt}), status updates, multi-row updates, user
 * deletions (cascading to credits, model_usages and quota rows) and project deletions
 * (cascading to generations). One seed gives one history.
 */
final class AnalyticsWorld {

	static final String[][] GENERATION_TABLES = { { "video_mixer_generations", "video_mixer_projects" },
			{ "carousel_generations", "carousel_projects" }, { "looping_flow_generations", "looping_flow_projects" },
			{ "avatar_generations", "avatar_projects" } };

	private static final String[] STATUSES = { "pending", "processing", "completed", "failed", "cancelled" };

	private static final String[] APPS = { "video-mixer", "carousel-mix", "looping-flow", "avatar-creator" };

	private final JdbcTemplate jdbc;

	private final Random random;

	private final LocalDateTime today = LocalDateTime.of(2026, 11, 30, 0, 0);

	private final List<String> users = new ArrayList<>();

	private final String prefix;

	private int sequence;

	AnalyticsWorld(JdbcTemplate jdbc, long seed) {
		this.jdbc = jdbc;
		this.prefix = "aw" + seed + "-";
		this.random = new Random(seed);
		jdbc.update(
				"""
						INSERT INTO ai_models (id, "appId", "modelId", "modelKey", name, provider, tier, "creditCost", "updatedAt")
						SELECT 'aw-model-' || a || '-' || n, a, 'm' || n, a || ':m' || n, 'Model', 'test', 'free', 1, now()
						FROM unnest(?::text[]) a, generate_series(1, 2) n ON CONFLICT DO NOTHING""",
				(Object) APPS);
	}

	/** One random write (a statement of the app's). */
	void randomWrite() {
		int choice = this.random.nextInt(100);
		if (this.users.size() < 3 || choice < 8) {
			newUser();
		}
		else if (choice < 35) {
			generation();
		}
		else if (choice < 50) {
			credit();
		}
		else if (choice < 60) {
			modelUsage();
		}
		else if (choice < 67) {
			payment();
		}
		else if (choice < 74) {
			quota();
		}
		else if (choice < 86) {
			updateGenerations();
		}
		else if (choice < 91) {
			this.jdbc.update(
					"UPDATE payments SET status = ?, \"updatedAt\" = now() WHERE id IN "
							+ "(SELECT id FROM payments ORDER BY random() LIMIT 1)",
					pick(new String[] { "success", "failed" }));
		}
		else if (choice < 95) {
			deleteProject();
		}
		else {
			String user = this.users.remove(this.random.nextInt(this.users.size()));
			this.jdbc.update("DELETE FROM users WHERE id = ?", user);
		}
	}

	private void newUser() {
		String user = this.prefix + "user-" + next();
		this.jdbc.update("INSERT INTO users (id, email, password, \"updatedAt\") VALUES (?, ?, 'x', now())", user,
				user + "@test");
		for (String[] table : GENERATION_TABLES) {
			this.jdbc.update(
					"INSERT INTO " + table[1] + " (id, \"userId\", name, \"updatedAt\") VALUES (?, ?, 'p', now())",
					user + "-" + table[1], user);
		}
		this.users.add(user);
	}

	private void generation() {
		int app = this.random.nextInt(4);
		String user = user();
		String project = user + "-" + GENERATION_TABLES[app][1];
		int rows = 1 + this.random.nextInt(3);
		for (int i = 0; i < rows; i++) {
			String id = this.prefix + "gen-" + next();
			String status = pick(STATUSES);
			Timestamp created = createdAt();
			switch (app) {
				case 0 -> this.jdbc.update(
						"""
								INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings, "creditUsed",
								    status, "createdAt", "updatedAt") VALUES (?, ?, ?, 1, '{}', 1, ?, ?, now())""",
						id, project, user, status, created);
				case 1 -> this.jdbc.update("""
						INSERT INTO carousel_generations (id, "projectId", "userId", "numSlides", "numSetsGenerated",
						    "creditUsed", status, "createdAt") VALUES (?, ?, ?, 2, 1, 1, ?, ?)""", id, project, user,
						status, created);
				case 2 -> this.jdbc.update("""
						INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
						    "creditUsed", status, "createdAt") VALUES (?, ?, ?, 'v', 30, 1, ?, ?)""", id, project, user,
						status, created);
				default -> this.jdbc.update("""
						INSERT INTO avatar_generations (id, "projectId", "userId", prompt, status, "createdAt")
						VALUES (?, ?, ?, 'p', ?, ?)""", id, project, user, status, created);
			}
		}
	}

	private void credit() {
		boolean refund = this.random.nextInt(5) == 0;
		int amount = 1 + this.random.nextInt(50);
		String description = (this.random.nextInt(6) == 0) ? null : pick(APPS) + ": generate";
		this.jdbc.update("""
				INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceType", "createdAt")
				VALUES (?, ?, ?, 1000, ?, ?, 'app_usage', ?)""", this.prefix + "credit-" + next(), user(),
				refund ? amount : -amount, refund ? "refund" : pick(new String[] { "usage", "usage", "bonus" }),
				description, createdAt());
	}

	private void modelUsage() {
		String app = pick(APPS);
		boolean quota = this.random.nextBoolean();
		this.jdbc.update("""
				INSERT INTO model_usages (id, "userId", "appId", "modelKey", "usageType", "creditUsed", "quotaUsed",
				    action, "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, 'generate', ?)""",
				this.prefix + "model-usage-" + next(), user(), app, app + ":m" + (1 + this.random.nextInt(2)),
				quota ? "quota" : "credit", quota ? null : this.random.nextInt(9),
				quota ? this.random.nextInt(3) : null, createdAt());
	}

	private void payment() {
		String id = this.prefix + "payment-" + next();
		this.jdbc.update("""
				INSERT INTO payments (id, "userId", "merchantOrderId", reference, amount, "creditAmount", status,
				    "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())""", id, user(), id, id,
				10_000.5 + this.random.nextInt(90_000), 100 + this.random.nextInt(900),
				pick(new String[] { "pending", "success", "success", "failed" }), createdAt());
	}

	private void quota() {
		String period = createdAt().toLocalDateTime().toLocalDate().toString();
		this.jdbc
			.update("""
					INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "resetAt",
					    "updatedAt") VALUES (?, ?, 'daily', ?, ?, 10, now(), now())
					ON CONFLICT ("userId", period, "quotaType") DO UPDATE SET "usageCount" = least(20, quota_usages."usageCount" + 1)""",
					this.prefix + "quota-" + next(), user(), period, this.random.nextInt(11));
	}

	private void updateGenerations() {
		String[] table = GENERATION_TABLES[this.random.nextInt(4)];
		if (this.random.nextBoolean()) {
			this.jdbc.update("UPDATE " + table[0] + " SET status = ? WHERE id IN (SELECT id FROM " + table[0]
					+ " ORDER BY random() LIMIT 3)", pick(STATUSES));
		}
		else {
			// a write that changes no analytic column (as the queue's lease updates do)
			this.jdbc.update("UPDATE " + table[0] + " SET \"completedAt\" = now() WHERE \"userId\" = ?", user());
		}
	}

	private void deleteProject() {
		String[] table = GENERATION_TABLES[this.random.nextInt(4)];
		if (table[1].equals("avatar_projects")) {
			this.jdbc.update("DELETE FROM avatar_generations WHERE \"userId\" = ?", user());
			return;
		}
		String user = user();
		this.jdbc.update("DELETE FROM " + table[1] + " WHERE \"userId\" = ?", user);
		this.jdbc.update("INSERT INTO " + table[1] + " (id, \"userId\", name, \"updatedAt\") VALUES (?, ?, 'p', now())",
				user + "-" + table[1], user);
	}

	private Timestamp createdAt() {
		// mostly today; one write in four lands late, up to 60 days back
		int daysBack = (this.random.nextInt(4) == 0) ? this.random.nextInt(60) : 0;
		return Timestamp.valueOf(this.today.minusDays(daysBack).plusSeconds(this.random.nextInt(86_400)));
	}

	private String user() {
		return this.users.get(this.random.nextInt(this.users.size()));
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private int next() {
		return ++this.sequence;
	}

}
