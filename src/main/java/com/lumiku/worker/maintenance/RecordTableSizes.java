package com.lumiku.worker.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code table-sizes}: the size of every table of schema public now (table, indexes,
 * TOAST: {@code v_table_sizes}), recorded in {@code lumiku_worker.db_size_sample} when
 * the job runs, and its growth: size now / the newest recorded size at least
 * {@value #GROWTH_DAYS} days older. The report's alert: growth above
 * {@value #MAX_GROWTH}x month over month. A table without a sample that old has no growth
 * figure yet. Samples older than {@value #KEEP_DAYS} days are deleted as new ones are
 * recorded.
 */
final class RecordTableSizes implements MaintenanceCheck {

	static final String NAME = "table-sizes";

	static final int GROWTH_DAYS = 30;

	static final double MAX_GROWTH = 1.5;

	static final int KEEP_DAYS = 400;

	private static final int LISTED = 10;

	private static final String RECORD = """
			INSERT INTO lumiku_worker.db_size_sample (sampled_at, table_name, table_bytes, index_bytes, total_bytes)
			SELECT now(), table_name, table_size_bytes, indexes_size_bytes, total_size_bytes
			FROM public.v_table_sizes
			ON CONFLICT (table_name, sampled_at) DO NOTHING
			""";

	private static final String PRUNE = """
			DELETE FROM lumiku_worker.db_size_sample WHERE sampled_at < now() - make_interval(days => ?)
			""";

	private static final String SIZES = """
			SELECT t.table_name, t.total_size_bytes, t.indexes_size_bytes, old.total_bytes AS old_bytes,
			       extract(day FROM now() - old.sampled_at) AS old_days
			FROM public.v_table_sizes t
			LEFT JOIN LATERAL (
			    SELECT s.total_bytes, s.sampled_at FROM lumiku_worker.db_size_sample s
			    WHERE s.table_name = t.table_name AND s.sampled_at <= now() - make_interval(days => ?)
			    ORDER BY s.sampled_at DESC LIMIT 1) old ON true
			ORDER BY t.total_size_bytes DESC, t.table_name
			""";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String threshold() {
		return String.format(Locale.ROOT, "WARN when a table grew over %.1fx in %d days", MAX_GROWTH, GROWTH_DAYS);
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		List<CheckValue> values = new ArrayList<>();
		List<String> details = new ArrayList<>();
		List<String> growing = new ArrayList<>();
		long[] total = { 0 };
		jdbc.query(SIZES, (rs) -> {
			String table = rs.getString("table_name");
			long bytes = rs.getLong("total_size_bytes");
			long oldBytes = rs.getLong("old_bytes");
			boolean history = !rs.wasNull() && oldBytes > 0;
			total[0] += bytes;
			values.add(new CheckValue("lumiku_db_table_bytes", table, bytes));
			String growth = "no size recorded " + GROWTH_DAYS + "+ days ago";
			if (history) {
				double ratio = (double) bytes / oldBytes;
				values.add(new CheckValue("lumiku_db_table_growth_ratio", table, ratio));
				growth = String.format(Locale.ROOT, "%.2fx in %d days", ratio, rs.getInt("old_days"));
				if (ratio > MAX_GROWTH) {
					growing.add(table);
					growth += "  WARN";
				}
			}
			if (details.size() < LISTED || growth.endsWith("WARN")) {
				details.add(table + "  " + Figures.bytes(bytes) + " (indexes "
						+ Figures.bytes(rs.getLong("indexes_size_bytes")) + "), " + growth);
			}
		}, GROWTH_DAYS);
		if (record) {
			jdbc.update(RECORD);
			jdbc.update(PRUNE, KEEP_DAYS);
		}
		String figure = Figures.bytes(total[0]) + " in "
				+ values.stream().filter((v) -> v.metric().equals("lumiku_db_table_bytes")).count() + " tables"
				+ (growing.isEmpty() ? "" : "; growing fast: " + String.join(", ", growing));
		return new CheckOutcome(NAME, Status.warnIf(!growing.isEmpty()), figure, threshold(), details, values);
	}

}
