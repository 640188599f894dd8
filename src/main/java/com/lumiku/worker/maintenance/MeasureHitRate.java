package com.lumiku.worker.maintenance;

import java.util.List;
import java.util.Map;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code cache-hit-rate} and {@code index-hit-rate}: the share of block reads of the user
 * tables' heaps, and of their indexes, served from PostgreSQL's shared buffers
 * ({@code pg_statio_user_tables}, {@code pg_statio_user_indexes}, since the statistics
 * reset). A read the operating system's cache served still counts as a miss here. The
 * report's targets: cache above 90 %, index above 99 %. Without any block access yet the
 * rate is unknown (NOTE, no gauge value).
 */
final class MeasureHitRate implements MaintenanceCheck {

	static final MeasureHitRate CACHE = new MeasureHitRate("cache-hit-rate", "lumiku_db_cache_hit_ratio", 0.90, """
			SELECT coalesce(sum(heap_blks_hit), 0)::float8 AS hit, coalesce(sum(heap_blks_read), 0)::float8 AS read
			FROM pg_statio_user_tables
			""");

	static final MeasureHitRate INDEX = new MeasureHitRate("index-hit-rate", "lumiku_db_index_hit_ratio", 0.99, """
			SELECT coalesce(sum(idx_blks_hit), 0)::float8 AS hit, coalesce(sum(idx_blks_read), 0)::float8 AS read
			FROM pg_statio_user_indexes
			""");

	private final String name;

	private final String metric;

	private final double target;

	private final String sql;

	private MeasureHitRate(String name, String metric, double target, String sql) {
		this.name = name;
		this.metric = metric;
		this.target = target;
		this.sql = sql;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String threshold() {
		return "WARN below " + Figures.percent(this.target);
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		Map<String, Object> row = jdbc.queryForMap(this.sql);
		double hit = ((Number) row.get("hit")).doubleValue();
		double read = ((Number) row.get("read")).doubleValue();
		String blocks = String.format(java.util.Locale.ROOT, "%.0f buffer hits, %.0f reads", hit, read);
		if (hit + read == 0) {
			return new CheckOutcome(this.name, Status.NOTE, "no block reads yet", threshold(), List.of(blocks),
					List.of());
		}
		double ratio = hit / (hit + read);
		return new CheckOutcome(this.name, Status.warnIf(ratio < this.target), Figures.percent(ratio), threshold(),
				List.of(blocks), List.of(CheckValue.of(this.metric, ratio)));
	}

}
