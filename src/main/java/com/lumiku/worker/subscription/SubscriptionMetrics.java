package com.lumiku.worker.subscription;

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
import org.springframework.stereotype.Component;

/**
 * Meters of subscription billing: renewals recorded by outcome, revenue renewed (IDR),
 * gateway latency by call, and two gauges sampled from the database at the end of each
 * run of either job: subscriptions by status and renewals awaiting reconciliation.
 */
@Component
class SubscriptionMetrics {

	static final List<String> STATUSES = List.of("active", "grace_period", "expired", "cancelled", "suspended");

	private static final String BY_STATUS = "SELECT status, count(*) AS n FROM subscriptions GROUP BY status";

	private static final String AWAITING = """
			SELECT count(*) FROM lumiku_worker.subscription_renewal
			WHERE state = 'unknown' OR (state = 'charging' AND next_attempt_at < timezone('UTC', now()))
			""";

	private final MeterRegistry registry;

	private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();

	private final AtomicLong awaiting = new AtomicLong();

	private final Timer rowLocks;

	private volatile java.util.function.Consumer<Duration> rowLockListener;

	SubscriptionMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (String status : STATUSES) {
			AtomicLong value = new AtomicLong();
			this.byStatus.put(status, value);
			Gauge.builder("lumiku_subscriptions", value, AtomicLong::get)
				.tag("status", status)
				.description("Subscriptions by status, sampled at the end of each subscription job run")
				.register(registry);
		}
		Gauge.builder("lumiku_subscription_renewals_awaiting_reconciliation", this.awaiting, AtomicLong::get)
			.description("Renewals whose charge outcome is unknown (or whose run died), waiting for a status inquiry")
			.register(registry);
		for (PaymentGateway.Outcome outcome : PaymentGateway.Outcome.values()) {
			renewals(outcome);
		}
		revenue();
		gatewayTime("charge");
		gatewayTime("invoice");
		gatewayTime("status");
		this.rowLocks = Timer.builder("lumiku_subscription_row_lock_seconds")
			.publishPercentileHistogram()
			.description("How long a renewal transaction (claim, record, callback) held renewal or subscription "
					+ "row locks, begin to commit; never across a gateway call")
			.register(registry);
	}

	void recorded(PaymentGateway.Outcome outcome, long amount) {
		renewals(outcome).increment();
		if (outcome == PaymentGateway.Outcome.SUCCESS) {
			revenue().increment(amount);
		}
	}

	void gatewayCall(String call, Duration took) {
		gatewayTime(call).record(took);
	}

	/**
	 * A renewal transaction that locked renewal or subscription rows (a claim, a record,
	 * a callback) took this long, begin to commit: the longest it held them.
	 */
	void rowLockHeld(Duration took) {
		this.rowLocks.record(took);
		java.util.function.Consumer<Duration> listener = this.rowLockListener;
		if (listener != null) {
			listener.accept(took);
		}
	}

	/** The benchmark's hook: every {@link #rowLockHeld} time is also given to it. */
	void onRowLockHeld(java.util.function.Consumer<Duration> listener) {
		this.rowLockListener = listener;
	}

	void sample(JdbcTemplate jdbc) {
		Map<String, Long> counts = new java.util.HashMap<>();
		jdbc.query(BY_STATUS, (rs) -> {
			counts.put(rs.getString("status"), rs.getLong("n"));
		});
		this.byStatus.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
		Long waiting = jdbc.queryForObject(AWAITING, Long.class);
		this.awaiting.set((waiting != null) ? waiting : 0);
	}

	private Counter renewals(PaymentGateway.Outcome outcome) {
		return Counter.builder("lumiku_subscription_renewals_total")
			.tags("job_name", SubscriptionRenewalJobConfiguration.NAME, "outcome",
					outcome.name().toLowerCase(java.util.Locale.ROOT))
			.description("Renewal attempts recorded, by the gateway's outcome")
			.register(this.registry);
	}

	private Counter revenue() {
		return Counter.builder("lumiku_subscription_revenue_renewed_idr_total")
			.tag("job_name", SubscriptionRenewalJobConfiguration.NAME)
			.description("Sum of successful renewal payments, IDR")
			.register(this.registry);
	}

	private Timer gatewayTime(String call) {
		return Timer.builder("lumiku_subscription_gateway_seconds")
			.tags("job_name", SubscriptionRenewalJobConfiguration.NAME, "call", call)
			.publishPercentileHistogram()
			.description("Latency of payment gateway calls")
			.register(this.registry);
	}

}
