package com.lumiku.worker.maintenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code lumiku_db_*} gauges: the figures of each check's newest successful run, read
 * from {@code lumiku_worker.db_check_value} (so every process reports the same values) at
 * start-up, after each {@code db-maintenance} run in this process, and periodically in
 * the daemon ({@link RefreshDbMaintenanceMetrics}). A figure no run has produced (growth
 * without a month of history, the slowest statement without pg_stat_statements) is
 * absent, not 0.
 */
@Component
class DbMaintenanceMetrics {

	private static final Logger logger = LoggerFactory.getLogger(DbMaintenanceMetrics.class);

	/** Each gauge, its tag ({@code ""}: none) and its description. */
	static final Map<String, String[]> GAUGES = gauges();

	private static final String VALUES = """
			SELECT metric, label, value FROM lumiku_worker.db_check_value
			UNION ALL
			SELECT 'lumiku_db_maintenance_last_run_timestamp_seconds', check_name, extract(epoch FROM succeeded_at)
			FROM lumiku_worker.db_check_result WHERE succeeded_at IS NOT NULL
			""";

	private final JdbcTemplate jdbc;

	private final Map<String, MultiGauge> multiGauges = new ConcurrentHashMap<>();

	DbMaintenanceMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		GAUGES.forEach((name, tagAndDescription) -> this.multiGauges.put(name,
				MultiGauge.builder(name).description(tagAndDescription[1]).register(registry)));
	}

	/**
	 * Re-reads the figures and replaces every gauge's series. A database that cannot be
	 * read leaves the gauges as they were (logged at debug: the daemon's health reports
	 * it).
	 */
	synchronized void refresh() {
		Map<String, List<MultiGauge.Row<?>>> rows = new LinkedHashMap<>();
		GAUGES.keySet().forEach((name) -> rows.put(name, new ArrayList<>()));
		try {
			this.jdbc.query(VALUES, (rs) -> {
				String[] tag = GAUGES.get(rs.getString("metric"));
				if (tag != null) {
					Tags tags = tag[0].isEmpty() ? Tags.empty() : Tags.of(tag[0], rs.getString("label"));
					rows.get(rs.getString("metric")).add(MultiGauge.Row.of(tags, rs.getDouble("value")));
				}
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the db-maintenance figures", ex);
			return;
		}
		rows.forEach((name, series) -> this.multiGauges.get(name).register(series, true));
	}

	private static Map<String, String[]> gauges() {
		Map<String, String[]> gauges = new LinkedHashMap<>();
		gauges.put("lumiku_db_table_bytes",
				new String[] { "table", "Total size of the table (pg_total_relation_size)" });
		gauges.put("lumiku_db_table_growth_ratio",
				new String[] { "table", "Size now / size recorded about 30 days earlier" });
		gauges.put("lumiku_db_unused_indexes",
				new String[] { "", "Non-unique indexes of schema public with no scan since the statistics reset" });
		gauges.put("lumiku_db_redundant_indexes",
				new String[] { "", "Indexes that duplicate or are a left prefix of another index" });
		gauges.put("lumiku_db_cache_hit_ratio", new String[] { "", "Share of table block reads from shared buffers" });
		gauges.put("lumiku_db_index_hit_ratio", new String[] { "", "Share of index block reads from shared buffers" });
		gauges.put("lumiku_db_bloat_ratio",
				new String[] { "table", "Estimated dead-tuple fraction (n_dead_tup / (n_live_tup + n_dead_tup))" });
		gauges.put("lumiku_db_generations_pending_over_hour",
				new String[] { "app", "Generations pending longer than the check's limit (default 1h)" });
		gauges.put("lumiku_db_slowest_statement_mean_seconds",
				new String[] { "", "Highest mean execution time in pg_stat_statements (absent without it)" });
		gauges.put("lumiku_db_maintenance_last_run_timestamp_seconds",
				new String[] { "check", "End of the check's newest run that did not fail (Unix seconds)" });
		return gauges;
	}

}
