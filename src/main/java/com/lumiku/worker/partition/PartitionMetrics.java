package com.lumiku.worker.partition;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.lumiku.worker.observability.CachedReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The partition and archive metrics (docs/metrics.md names them; contracts: tag
 * {@code table}). The gauges are sampled from the database's catalog and the archive
 * catalogue, so every process reports the same value; the counters count what this
 * process archived.
 */
public class PartitionMetrics {

	private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(10);

	private static final String SNAPSHOT = """
			SELECT t.name,
			       (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = to_regclass(quote_ident(t.name))
			          AND NOT i.inhdetachpending) AS partitions,
			       (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			        WHERE i.inhparent = to_regclass(quote_ident(t.name))
			          AND pg_get_expr(c.relpartbound, c.oid) LIKE 'FOR VALUES FROM (''%'
			          AND substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \\(''([^'']+)''')::timestamp
			              >= date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AS future_months,
			       (SELECT extract(epoch FROM max(a.archived_at)) FROM lumiku_worker.archive a
			        WHERE a.table_name = t.name AND a.state IN ('dropped', 'restored')) AS last_success
			FROM unnest(?::text[]) AS t(name)
			""";

	private record Sample(double partitions, double futureMonths, double lastSuccess) {
	}

	private record Snapshot(Map<String, Sample> samples) {
	}

	private final JdbcTemplate jdbc;

	private final MeterRegistry registry;

	private final CachedReading<Snapshot> snapshot = new CachedReading<>(SNAPSHOT_TTL, this::readSnapshot);

	public PartitionMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.registry = registry;
		for (ArchivedTable table : ArchivedTable.values()) {
			String name = table.tableName();
			if (table.partitioned()) {
				Gauge.builder("lumiku_partitions", this, (m) -> m.sample(name).partitions())
					.tag("table", name)
					.description("Partitions attached to the table (0: not converted)")
					.register(registry);
				Gauge.builder("lumiku_partition_future_months", this, (m) -> m.sample(name).futureMonths())
					.tag("table", name)
					.description("Monthly partitions premade beyond the current month")
					.register(registry);
			}
			Gauge.builder("lumiku_archive_last_success_timestamp_seconds", this, (m) -> m.sample(name).lastSuccess())
				.tag("table", name)
				.description(
						"When the newest archive of the table completed (Unix seconds, archive catalogue); 0 if none")
				.register(registry);
			rows(name);
			bytes(name);
			failures(name);
		}
	}

	void archived(String table, long rows, long bytes) {
		rows(table).increment(rows);
		bytes(table).increment(bytes);
	}

	void verifyFailed(String table) {
		failures(table).increment();
	}

	private Counter rows(String table) {
		return Counter.builder("lumiku_archive_rows")
			.tag("table", table)
			.description("Rows archived (exported, verified and removed from the database)")
			.register(this.registry);
	}

	private Counter bytes(String table) {
		return Counter.builder("lumiku_archive_bytes")
			.tag("table", table)
			.baseUnit("bytes")
			.description("Compressed bytes of archive files written and verified")
			.register(this.registry);
	}

	private Counter failures(String table) {
		return Counter.builder("lumiku_archive_verify_failures")
			.tag("table", table)
			.description("Archive files that did not read back identical to the table (the data was kept)")
			.register(this.registry);
	}

	private Sample sample(String table) {
		Snapshot current = this.snapshot.get();
		return current.samples().getOrDefault(table, new Sample(Double.NaN, Double.NaN, Double.NaN));
	}

	private Snapshot readSnapshot() {
		Map<String, Sample> samples = new ConcurrentHashMap<>();
		try {
			this.jdbc.query(SNAPSHOT, (rs) -> {
				samples.put(rs.getString(1), new Sample(rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)));
			}, (Object) ArchivedTable.names().toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// database unreachable: NaN rather than stale numbers
		}
		return new Snapshot(samples);
	}

}
