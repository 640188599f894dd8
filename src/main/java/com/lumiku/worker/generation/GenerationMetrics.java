package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue's metrics, tagged by {@code app}:
 * <ul>
 * <li>{@code lumiku_generation_queue_depth{status}}: pending and processing are exact
 * (counted over their small partial indexes); completed, failed and cancelled are the
 * planner's estimates (table size × the status frequencies in {@code pg_stats}), so no
 * big table is ever counted;</li>
 * <li>{@code lumiku_generation_oldest_pending_age_seconds}: age of the oldest pending row
 * ({@code min} over the pending index);</li>
 * <li>{@code lumiku_generation_claim_to_start_seconds}: from the claim's return to the
 * handler's start;</li>
 * <li>{@code lumiku_generation_outcomes_total{outcome}}: completed, retried, failed,
 * rescued (lease expired, back to pending), lost (the row was no longer ours);</li>
 * <li>{@code lumiku_generation_refunds_total} and
 * {@code lumiku_generation_refunded_credits_total}.</li>
 * </ul>
 */
final class GenerationMetrics {

	static final List<String> OUTCOMES = List.of("completed", "retried", "failed", "rescued", "lost");

	private static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed", "cancelled");

	private static final String ACTIVE_COUNTS = """
			SELECT (SELECT count(*) FROM %1$s WHERE status = 'pending') AS pending,
			       (SELECT count(*) FROM %1$s WHERE status = 'processing') AS processing,
			       (SELECT extract(epoch FROM timezone('UTC', now()) - min("createdAt")) FROM %1$s
			        WHERE status = 'pending') AS oldest
			""";

	private static final String ESTIMATES = """
			SELECT greatest(c.reltuples, 0)::bigint AS total, s.most_common_vals::text::text[] AS vals,
			       s.most_common_freqs AS freqs
			FROM pg_class c
			LEFT JOIN pg_stats s ON s.schemaname = 'public' AND s.tablename = c.relname AND s.attname = 'status'
			WHERE c.oid = ?::regclass
			""";

	private final MeterRegistry registry;

	private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

	GenerationMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (GenerationTable table : GenerationTable.ALL) {
			for (String status : STATUSES) {
				AtomicLong value = this.gauges.computeIfAbsent(table.app() + "/" + status, (key) -> new AtomicLong());
				Gauge.builder("lumiku_generation_queue_depth", value, AtomicLong::get)
					.description("Generation rows by app and status (pending/processing exact, others estimated)")
					.tags("app", table.app(), "status", status)
					.register(registry);
			}
			AtomicLong oldest = this.gauges.computeIfAbsent(table.app() + "/oldest", (key) -> new AtomicLong());
			Gauge.builder("lumiku_generation_oldest_pending_age_seconds", oldest, AtomicLong::get)
				.description("Age of the oldest pending generation")
				.tag("app", table.app())
				.register(registry);
			OUTCOMES.forEach((outcome) -> outcome(table.app(), outcome, 0));
			refund(table.app(), 0);
			claimToStart(table.app());
		}
	}

	void outcome(String app, String outcome, long count) {
		Counter.builder("lumiku_generation_outcomes_total")
			.description("Finished attempts by outcome")
			.tags("app", app, "outcome", outcome)
			.register(this.registry)
			.increment(count);
	}

	void refund(String app, int credits) {
		Counter refunds = Counter.builder("lumiku_generation_refunds_total")
			.description("Refund credit rows written")
			.tag("app", app)
			.register(this.registry);
		Counter amount = Counter.builder("lumiku_generation_refunded_credits_total")
			.description("Credits given back")
			.tag("app", app)
			.register(this.registry);
		if (credits > 0) {
			refunds.increment();
			amount.increment(credits);
		}
	}

	Timer claimToStart(String app) {
		return Timer.builder("lumiku_generation_claim_to_start_seconds")
			.description("From a row's claim to its handler's start")
			.tag("app", app)
			.register(this.registry);
	}

	void recordClaimToStart(String app, long nanos) {
		claimToStart(app).record(Duration.ofNanos(nanos));
	}

	/** Samples the gauges of every table. */
	void sample(JdbcTemplate jdbc) {
		for (GenerationTable table : GenerationTable.ALL) {
			Map<String, Object> active = jdbc.queryForMap(ACTIVE_COUNTS.formatted(table.table()));
			set(table, "pending", ((Number) active.get("pending")).longValue());
			set(table, "processing", ((Number) active.get("processing")).longValue());
			Number oldest = (Number) active.get("oldest");
			this.gauges.get(table.app() + "/oldest").set((oldest != null) ? oldest.longValue() : 0);
			Map<String, Object> estimate = jdbc.queryForMap(ESTIMATES, table.table());
			long total = ((Number) estimate.get("total")).longValue();
			for (String status : List.of("completed", "failed", "cancelled")) {
				set(table, status, Math.round(total * frequency(estimate, status)));
			}
		}
	}

	private static double frequency(Map<String, Object> estimate, String status) {
		try {
			if (estimate.get("vals") == null) {
				return 0;
			}
			Object[] values = (Object[]) ((java.sql.Array) estimate.get("vals")).getArray();
			Object[] freqs = (Object[]) ((java.sql.Array) estimate.get("freqs")).getArray();
			for (int i = 0; i < values.length; i++) {
				if (status.equals(values[i])) {
					return ((Number) freqs[i]).doubleValue();
				}
			}
			return 0;
		}
		catch (java.sql.SQLException ex) {
			return 0;
		}
	}

	private void set(GenerationTable table, String status, long value) {
		this.gauges.get(table.app() + "/" + status).set(value);
	}

}
