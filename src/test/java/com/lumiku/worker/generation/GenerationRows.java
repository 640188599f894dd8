package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.testsupport.TestRows;

import org.springframework.jdbc.core.JdbcTemplate;

/** Test data: users with a charged balance, and generation rows of the four apps. */
final class GenerationRows {

	private final JdbcTemplate jdbc;

	GenerationRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A user whose ledger holds a 100-credit bonus. */
	GenerationRows user(String id) {
		TestRows.user(id).insert(this.jdbc);
		TestRows.credit(id + "-bonus", id).createdAgo(Duration.ofDays(1)).insert(this.jdbc);
		for (String table : List.of("looping_flow_projects", "avatar_projects", "video_mixer_projects",
				"carousel_projects")) {
			TestRows.project(table, table + "-" + id, id).insert(this.jdbc);
		}
		return this;
	}

	/** Pending looping-flow rows of a user, created {@code age} ago (oldest first). */
	List<String> loopingFlow(String user, int count, int creditUsed, Duration age) {
		List<String> ids = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = "lf-" + user + "-" + i;
			ids.add(id);
			rows.add(new Object[] { id, "looping_flow_projects-" + user, user, creditUsed, age.toMillis() - i });
		}
		this.jdbc.batchUpdate("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "createdAt")
				VALUES (?, ?, ?, 'video', 30, ?, timezone('UTC', now()) - ? * interval '1 millisecond')
				""", rows);
		return ids;
	}

	String videoMixer(String user, String id, int creditUsed) {
		this.jdbc.update("""
				INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings, "creditUsed",
				        "updatedAt")
				VALUES (?, ?, ?, 1, '{}', ?, timezone('UTC', now()) - interval '1 hour')
				""", id, "video_mixer_projects-" + user, user, creditUsed);
		return id;
	}

	String avatar(String user, String id) {
		this.jdbc.update("""
				INSERT INTO avatar_generations (id, "userId", "projectId", prompt) VALUES (?, ?, ?, 'a portrait')
				""", id, user, "avatar_projects-" + user);
		return id;
	}

	Map<String, Object> row(GenerationTable table, String id) {
		return this.jdbc.queryForMap("SELECT * FROM " + table.table() + " WHERE id = ?", id);
	}

	String status(GenerationTable table, String id) {
		return this.jdbc.queryForObject("SELECT status FROM " + table.table() + " WHERE id = ?", String.class, id);
	}

	/** The user's newest balance (see docs/lumiku-app.md#credit-ledger). */
	int balance(String user) {
		return this.jdbc.queryForObject("""
				SELECT coalesce((SELECT balance FROM credits WHERE "userId" = ? ORDER BY "createdAt" DESC, id DESC
				LIMIT 1), 0)""", Integer.class, user);
	}

	/** Lets a processing row's lease run out, as if its holder had died. */
	void expireLease(GenerationTable table, String id) {
		this.jdbc.update(
				"UPDATE " + table.table() + " SET worker_lease_until = now() - interval '1 second' " + "WHERE id = ?",
				id);
	}

}
