package com.lumiku.worker.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code slow-statements}: the statements of this database with the highest mean
 * execution time, from {@code pg_stat_statements} where that extension is installed (in
 * whichever schema). Without it the check says so (NOTE) and no gauge value is published.
 * With it installed but not in {@code shared_preload_libraries}, reading the view fails
 * and the check reports that error. A role without {@code pg_read_all_stats} sees other
 * roles' statements as {@code <insufficient privilege>}; their timings still count.
 */
final class ListSlowestStatements implements MaintenanceCheck {

	static final String NAME = "slow-statements";

	/**
	 * The report's alert: slow queries above 1 second (it reviews those above 100 ms).
	 */
	static final double MAX_MEAN_SECONDS = 1.0;

	private static final int LISTED = 5;

	private static final String EXTENSION_SCHEMA = """
			SELECT quote_ident(n.nspname) FROM pg_extension e
			JOIN pg_namespace n ON n.oid = e.extnamespace
			WHERE e.extname = 'pg_stat_statements'
			""";

	private static final String SLOWEST = """
			SELECT calls, mean_exec_time / 1000 AS mean_seconds, total_exec_time / 1000 AS total_seconds,
			       left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
			FROM %s.pg_stat_statements
			WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
			ORDER BY mean_exec_time DESC
			LIMIT ?
			""";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String threshold() {
		return String.format(Locale.ROOT, "WARN when a statement's mean is above %.0f s", MAX_MEAN_SECONDS);
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		Optional<String> schema = jdbc.queryForList(EXTENSION_SCHEMA, String.class).stream().findFirst();
		if (schema.isEmpty()) {
			return new CheckOutcome(NAME, Status.NOTE, "not checked: no pg_stat_statements", threshold(),
					List.of("install it to see slow statements: shared_preload_libraries = 'pg_stat_statements',"
							+ " restart, then CREATE EXTENSION pg_stat_statements"),
					List.of());
		}
		List<String> details = new ArrayList<>();
		double[] slowest = { 0 };
		jdbc.query(SLOWEST.formatted(schema.get()), (rs) -> {
			double mean = rs.getDouble("mean_seconds");
			slowest[0] = Math.max(slowest[0], mean);
			details.add(String.format(Locale.ROOT, "mean %.1f ms, %d calls, total %.1f s: %s", mean * 1000,
					rs.getLong("calls"), rs.getDouble("total_seconds"), rs.getString("query")));
		}, LISTED);
		String figure = details.isEmpty() ? "no statements recorded"
				: String.format(Locale.ROOT, "slowest mean %.1f ms", slowest[0] * 1000);
		return new CheckOutcome(NAME, Status.warnIf(slowest[0] > MAX_MEAN_SECONDS), figure, threshold(), details,
				List.of(CheckValue.of("lumiku_db_slowest_statement_mean_seconds", slowest[0])));
	}

}
