package com.lumiku.worker.bench;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads benchmark rows set-based: users, then sessions spread over them, 80 % expired (up
 * to a few days ago) and 20 % live. Secondary indexes of {@code sessions} are dropped
 * during the load and rebuilt after it, as a bulk load should.
 */
final class BenchData {

	private static final String USERS = """
			INSERT INTO users (id, email, password, name, role, "storageQuota", "storageUsed", "accountType",
			                   "subscriptionTier", "createdAt", "updatedAt")
			SELECT 'bench-user-' || n, 'bench-' || n || '@bench.test', 'x', 'Bench ' || n, 'user', 1073741824, 0,
			       'payg', 'free', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
			FROM generate_series(1, ?) n
			""";

	private static final String SESSIONS = """
			INSERT INTO sessions (id, "userId", token, "expiresAt", "createdAt")
			SELECT 's' || n, 'bench-user-' || (1 + n % ?), 'tok-' || n,
			       (now() AT TIME ZONE 'UTC') + interval '7 days' - (? - n) * ? * interval '1 microsecond',
			       (now() AT TIME ZONE 'UTC') - (? - n) * ? * interval '1 microsecond'
			FROM generate_series(?, ?) n
			""";

	private static final long SESSION_BATCH = 1_000_000;

	private final JdbcTemplate jdbc;

	BenchData(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void load(long users, long sessions) {
		// Sessions arrive over time and each lives 7 days: spread creation over 35 days
		// so
		// that the oldest 80 % have expired, in creation (= physical) order, as in a real
		// table.
		long stepMicros = Duration.ofDays(35).toNanos() / 1000 / sessions;
		this.jdbc.update(USERS, users);
		List<String> indexes = this.jdbc.queryForList("""
				SELECT indexdef FROM pg_indexes i
				WHERE tablename = 'sessions' AND schemaname = 'public'
				  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", String.class);
		this.jdbc.queryForList("""
				SELECT indexname FROM pg_indexes i
				WHERE tablename = 'sessions' AND schemaname = 'public'
				  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", String.class)
			.forEach((name) -> this.jdbc.execute("DROP INDEX \"" + name + "\""));
		for (long first = 1; first <= sessions; first += SESSION_BATCH) {
			this.jdbc.update(SESSIONS, users, sessions, stepMicros, sessions, stepMicros, first,
					Math.min(sessions, first + SESSION_BATCH - 1));
		}
		indexes.forEach(this.jdbc::execute);
		this.jdbc.execute("VACUUM ANALYZE users");
		this.jdbc.execute("VACUUM ANALYZE sessions");
	}

}
