package com.lumiku.worker.observability;

import java.util.Set;

/**
 * Metric families of features not merged on this branch yet (analytics and
 * db-maintenance: issue 11; partitions and archives: issue 12; the row lock timer: issue
 * 10), named in {@code /work/s3/contracts.md}. The dashboards and alerts over them only
 * need to parse and evaluate here, not return data. The integrator empties this list once
 * those features are merged; nothing else is exempt.
 */
final class MetricsNotMergedYet {

	static final Set<String> FAMILIES = Set.of("lumiku_analytics_staleness_seconds", "lumiku_analytics_refresh_seconds",
			"lumiku_analytics_refresh_skipped_total", "lumiku_analytics_changed_keys_total", "lumiku_db_table_bytes",
			"lumiku_db_table_growth_ratio", "lumiku_db_unused_indexes", "lumiku_db_redundant_indexes",
			"lumiku_db_cache_hit_ratio", "lumiku_db_index_hit_ratio", "lumiku_db_bloat_ratio",
			"lumiku_db_generations_pending_over_hour", "lumiku_db_slowest_statement_mean_seconds",
			"lumiku_db_maintenance_last_run_timestamp_seconds", "lumiku_partitions", "lumiku_partition_future_months",
			"lumiku_partition_default_rows", "lumiku_archive_rows_total", "lumiku_archive_bytes_total",
			"lumiku_archive_last_success_timestamp_seconds", "lumiku_archive_verify_failures_total",
			"lumiku_subscription_row_lock_seconds");

	private MetricsNotMergedYet() {
	}

	/**
	 * Whether a metric name (a family, or a timer's or histogram's {@code _sum},
	 * {@code _count}, {@code _max}, {@code _bucket}) is one of them.
	 */
	static boolean contains(String metric) {
		return FAMILIES.contains(metric) || FAMILIES.contains(metric.replaceFirst("_(sum|count|max|bucket)$", ""));
	}

}
