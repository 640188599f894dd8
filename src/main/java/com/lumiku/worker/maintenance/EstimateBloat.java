package com.lumiku.worker.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bloat}: the dead-tuple ratio of each table of schema public,
 * {@code n_dead_tup / (n_live_tup + n_dead_tup)} from {@code pg_stat_user_tables}. It is
 * an estimate from the statistics collector, not a measurement: {@code pgstattuple}
 * (which reads every page) is an extension a database may not have. Dead tuples are what
 * VACUUM reclaims; autovacuum starts at 20 % by default, so a table above
 * {@value #MAX_DEAD_RATIO} that has at least {@value #MIN_ROWS} rows is not being
 * vacuumed often enough. Free space left inside pages by an earlier VACUUM is not
 * counted.
 */
final class EstimateBloat implements MaintenanceCheck {

	static final String NAME = "bloat";

	static final double MAX_DEAD_RATIO = 0.2;

	static final long MIN_ROWS = 1000;

	private static final String DEAD_TUPLES = """
			SELECT relname, n_live_tup, n_dead_tup,
			       greatest(last_vacuum, last_autovacuum) AS last_vacuum
			FROM pg_stat_user_tables
			WHERE schemaname = 'public'
			ORDER BY n_dead_tup DESC, relname
			""";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String threshold() {
		return String.format(Locale.ROOT, "WARN above %.0f %% dead tuples (tables of %d+ rows)", MAX_DEAD_RATIO * 100,
				MIN_ROWS);
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		List<CheckValue> values = new ArrayList<>();
		List<String> details = new ArrayList<>();
		double[] worst = { 0 };
		jdbc.query(DEAD_TUPLES, (rs) -> {
			String table = rs.getString("relname");
			long live = rs.getLong("n_live_tup");
			long dead = rs.getLong("n_dead_tup");
			double ratio = (live + dead == 0) ? 0 : (double) dead / (live + dead);
			values.add(new CheckValue("lumiku_db_bloat_ratio", table, ratio));
			if (live + dead >= MIN_ROWS && ratio > MAX_DEAD_RATIO) {
				worst[0] = Math.max(worst[0], ratio);
				details.add(table + "  " + Figures.percent(ratio) + " dead (" + dead + " dead, " + live
						+ " live), last vacuum " + ((rs.getTimestamp("last_vacuum") != null)
								? rs.getTimestamp("last_vacuum").toInstant() : "never"));
			}
		});
		String figure = details.isEmpty() ? "no table above " + Figures.percent(MAX_DEAD_RATIO)
				: details.size() + " table(s), worst " + Figures.percent(worst[0]) + " dead";
		details.add("estimate: n_dead_tup ratio of pg_stat_user_tables (pgstattuple not used)");
		return new CheckOutcome(NAME, Status.warnIf(worst[0] > 0), figure, threshold(), details, values);
	}

}
