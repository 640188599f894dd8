package com.lumiku.worker.analytics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.lumiku.worker.observability.CachedReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code lumiku_analytics_*} metrics, tagged {@code view} with the summary table or
 * materialized view name. {@code lumiku_analytics_staleness_seconds} is read from the
 * database ({@code now() - refreshed_at} of {@code analytics_refresh_state}), so every
 * process reports the same value; it is cached for a few seconds so a scrape costs at
 * most one query, and NaN when the database cannot be read. Timers and counters count
 * what this process did.
 */
@Component
class AnalyticsMetrics implements SmartInitializingSingleton {

	private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(5);

	private static final String STALENESS = """
			SELECT view_name, extract(epoch FROM now() - refreshed_at) AS staleness
			FROM lumiku_worker.analytics_refresh_state""";

	private final MeterRegistry registry;

	private final JdbcTemplate jdbc;

	private final CachedReading<Snapshot> snapshot = new CachedReading<>(SNAPSHOT_TTL, this::readSnapshot);

	record Snapshot(Map<String, Double> staleness) {
	}

	AnalyticsMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
		this.registry = registry;
		this.jdbc = jdbc;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (AnalyticsView view : AnalyticsView.values()) {
			register(view.summary(), "incremental");
			register(view.materializedView(), "concurrent");
		}
	}

	private void register(String view, String mode) {
		Gauge.builder("lumiku_analytics_staleness_seconds", this, (metrics) -> metrics.staleness(view))
			.tag("view", view)
			.description("Seconds since the view or summary was last brought up to date (database time)")
			.register(this.registry);
		timer(view, mode);
		timer(view, "full");
		skipped(view, RefreshOutcome.ALREADY_RUNNING);
		skipped(view, RefreshOutcome.LOCK_TIMEOUT);
		if (mode.equals("incremental")) {
			changedKeys(view);
		}
	}

	/** Counts what one unit of refresh work did. */
	void record(RefreshOutcome outcome) {
		if (outcome.skipped().isPresent()) {
			skipped(outcome.view(), outcome.skipped().get()).increment();
			return;
		}
		timer(outcome.view(), outcome.mode()).record(outcome.took());
		if (outcome.mode().equals("incremental")) {
			changedKeys(outcome.view()).increment(outcome.keys());
		}
	}

	private Timer timer(String view, String mode) {
		return Timer.builder("lumiku_analytics_refresh_seconds")
			.tags("view", view, "mode", mode)
			.description("Duration of one refresh unit (a view refresh, or one incremental batch)")
			.register(this.registry);
	}

	private Counter skipped(String view, String reason) {
		return Counter.builder("lumiku_analytics_refresh_skipped_total")
			.tags("view", view, "reason", reason)
			.description("Refreshes not run: another still running (single-flight) or a lock wait timed out")
			.register(this.registry);
	}

	private Counter changedKeys(String view) {
		return Counter.builder("lumiku_analytics_changed_keys_total")
			.tag("view", view)
			.description("Keys recomputed by incremental refreshes")
			.register(this.registry);
	}

	private double staleness(String view) {
		Snapshot current = this.snapshot.get();
		return current.staleness().getOrDefault(view, Double.NaN);
	}

	private Snapshot readSnapshot() {
		Map<String, Double> values = new ConcurrentHashMap<>();
		try {
			this.jdbc.query(STALENESS, (rs) -> {
				values.put(rs.getString("view_name"), rs.getDouble("staleness"));
			});
		}
		catch (RuntimeException ex) {
			// database unreachable: NaN rather than a stale number
		}
		return new Snapshot(values);
	}

}
