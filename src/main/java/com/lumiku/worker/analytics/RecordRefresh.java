package com.lumiku.worker.analytics;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records, in the refresh's own transaction, that a view or summary is up to date as of
 * the database's clock at the end of the refresh (the staleness metric's origin); a full
 * rebuild also clears a rebuild a {@code TRUNCATE} asked for.
 */
final class RecordRefresh {

	private static final String RECORD = """
			INSERT INTO lumiku_worker.analytics_refresh_state AS s
			    (view_name, refreshed_at, mode, duration_ms, changed_keys)
			VALUES (?, clock_timestamp(), ?, ?, ?)
			ON CONFLICT (view_name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, mode = EXCLUDED.mode,
			    duration_ms = EXCLUDED.duration_ms, changed_keys = EXCLUDED.changed_keys""";

	private static final String TAKE_REBUILD_REQUEST = """
			UPDATE lumiku_worker.analytics_refresh_state SET rebuild_requested = false
			WHERE view_name = ? AND rebuild_requested""";

	private static final String REFRESHED_WITHIN = """
			SELECT count(*) > 0 FROM lumiku_worker.analytics_refresh_state
			WHERE view_name = ? AND refreshed_at > now() - make_interval(secs => ?)""";

	private RecordRefresh() {
	}

	static void record(JdbcTemplate jdbc, String view, String mode, Duration took, long keys) {
		jdbc.update(RECORD, view, mode, took.toMillis(), keys);
	}

	/** Whether a TRUNCATE asked for a rebuild, taking the request. */
	static boolean takeRebuildRequest(JdbcTemplate jdbc, String view) {
		return jdbc.update(TAKE_REBUILD_REQUEST, view) > 0;
	}

	static boolean refreshedWithin(JdbcTemplate jdbc, String view, Duration age) {
		return Boolean.TRUE.equals(jdbc.queryForObject(REFRESHED_WITHIN, Boolean.class, view, age.toMillis() / 1000.0));
	}

}
