package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code unused-indexes}: indexes of schema public with no scan since the statistics were
 * reset, largest first. Unique, primary-key and exclusion indexes are left out: they
 * enforce a constraint whether or not a query reads them. Scan counts only mean something
 * after weeks of normal traffic, so while the statistics are younger than
 * {@link #MIN_STATISTICS_AGE} the check reports a NOTE, not a WARN.
 */
final class FindUnusedIndexes implements MaintenanceCheck {

	static final String NAME = "unused-indexes";

	static final Duration MIN_STATISTICS_AGE = Duration.ofDays(7);

	private static final String UNUSED = """
			SELECT s.relname AS table_name, s.indexrelname AS index_name, pg_relation_size(s.indexrelid) AS bytes
			FROM pg_stat_user_indexes s
			JOIN pg_index x ON x.indexrelid = s.indexrelid
			WHERE s.schemaname = 'public' AND s.idx_scan = 0
			  AND NOT (x.indisunique OR x.indisprimary OR x.indisexclusion)
			ORDER BY bytes DESC, table_name, index_name
			""";

	/**
	 * Seconds the counters have been counting: since the last reset, else since the
	 * server started (counters kept across a clean restart make that an underestimate).
	 */
	private static final String STATISTICS_AGE = """
			SELECT extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time()))
			FROM pg_stat_database d WHERE d.datname = current_database()
			""";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String threshold() {
		return "WARN above 0 (once statistics are " + MIN_STATISTICS_AGE.toDays() + "+ days old)";
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		List<String> details = new ArrayList<>();
		long[] total = { 0, 0 };
		jdbc.query(UNUSED, (rs) -> {
			total[0]++;
			total[1] += rs.getLong("bytes");
			details.add(rs.getString("table_name") + "." + rs.getString("index_name") + "  "
					+ Figures.bytes(rs.getLong("bytes")) + ", 0 scans");
		});
		Double age = jdbc.queryForObject(STATISTICS_AGE, Double.class);
		Duration statisticsAge = Duration.ofSeconds((age != null) ? age.longValue() : 0);
		boolean young = statisticsAge.compareTo(MIN_STATISTICS_AGE) < 0;
		details.add(0, "scan counts cover " + describe(statisticsAge)
				+ "; unique, primary-key and exclusion indexes are not listed (they enforce constraints)");
		Status status = (total[0] == 0) ? Status.OK : young ? Status.NOTE : Status.WARN;
		return new CheckOutcome(NAME, status, total[0] + " unused, " + Figures.bytes(total[1]), threshold(), details,
				List.of(CheckValue.of("lumiku_db_unused_indexes", total[0])));
	}

	private static String describe(Duration age) {
		return (age.toHours() < 48) ? age.toHours() + " h" : age.toDays() + " days";
	}

}
