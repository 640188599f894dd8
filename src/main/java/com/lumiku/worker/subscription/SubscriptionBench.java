package com.lumiku.worker.subscription;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * {@code bench subscriptions}: renews {@code subscriptions} due subscriptions against the
 * simulator answering in {@code latency}, first as the job does it (bounded concurrency)
 * and then one call at a time (on a sample), on the same scratch database, and prints
 * renewals/s side by side, the orders the simulator was charged twice for, and how long
 * the transactions that lock renewal or subscription rows held them (p50, p99, max).
 */
public final class SubscriptionBench {

	private static final String LOAD = """
			INSERT INTO users (id, email, password, "accountType", "subscriptionTier", "updatedAt")
			SELECT 'bench-u-' || g, 'bench-' || g || '@bench', 'x', 'subscription', 'basic', timezone('UTC', now())
			FROM generate_series(1, ?) g;
			""";

	private static final String SUBSCRIBE = """
			INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle",
			    "autoRenew", "nextBillingDate", "updatedAt")
			SELECT 'bench-s-' || g, 'bench-u-' || g, 'bench-plan', 'active', timezone('UTC', now()) - interval '1 month',
			       timezone('UTC', now()) + interval '10 minutes', 'monthly', true,
			       timezone('UTC', now()) + interval '10 minutes', timezone('UTC', now())
			FROM generate_series(1, ?) g
			""";

	private static final String RESET = """
			TRUNCATE lumiku_worker.subscription_gateway_callback, lumiku_worker.subscription_renewal_closure,
			    lumiku_worker.subscription_status_change, lumiku_worker.subscription_payment,
			    lumiku_worker.subscription_renewal;
			DELETE FROM subscriptions WHERE id LIKE 'bench-s-%';
			""";

	private static final String STORED_METHODS = """
			INSERT INTO lumiku_worker.subscription_payment_method (user_id, method)
			SELECT 'bench-u-' || g, 'card' FROM generate_series(1, ?) g
			""";

	private final DataSource dataSource;

	private final PrintWriter out;

	public SubscriptionBench(DataSource dataSource, PrintWriter out) {
		this.dataSource = dataSource;
		this.out = out;
	}

	/**
	 * @param subscriptions due subscriptions the job renews
	 * @param latency the simulator's answer time
	 * @param concurrency the job's concurrency
	 * @param baselineSample how many of them one call at a time renews (its renewals/s
	 * does not depend on the count, and all 10,000 at 50 ms would take 9 minutes)
	 */
	public void run(int subscriptions, Duration latency, int concurrency, int baselineSample) throws IOException {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.update(
				"""
						INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
						    "maxModelTier", "updatedAt")
						VALUES ('bench-plan', 'bench-plan', 'basic', 'Bench', 99000, 'monthly', 50, 'basic', timezone('UTC', now()))
						""");
		jdbc.update(LOAD, subscriptions);
		jdbc.update(STORED_METHODS, subscriptions);
		int sample = Math.min(subscriptions, baselineSample);
		this.out.printf(Locale.ROOT,
				"bench subscriptions: %d due subscriptions (stored payment methods: charged), gateway latency %d ms,"
						+ " concurrency %d%n",
				subscriptions, latency.toMillis(), concurrency);
		if (sample < subscriptions) {
			this.out.printf(Locale.ROOT,
					"one call at a time renews a sample of %d of them (its rate does not depend on the count;"
							+ " all %d would take about %.0f s)%n",
					sample, subscriptions, subscriptions * (latency.toMillis() + 5) / 1000.0);
		}
		this.out.printf(Locale.ROOT, "%n%-28s %8s %9s %11s %8s %13s %11s %11s %11s%n", "approach", "renewed", "seconds",
				"renewals/s", "ratio", "charged twice", "lock p50 ms", "lock p99 ms", "lock max ms");
		double baselineRate = 0;
		List<Object[]> rows = new ArrayList<>();
		List<String> profiles = new ArrayList<>();
		for (int threads : List.of(concurrency, 1)) {
			int count = (threads == 1) ? sample : subscriptions;
			jdbc.execute(RESET);
			jdbc.update(SUBSCRIBE, count);
			jdbc.execute("ANALYZE subscriptions");
			try (GatewaySimulator simulator = GatewaySimulator.start(0).latency(latency)) {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				SubscriptionMetrics metrics = new SubscriptionMetrics(registry);
				ConcurrentLinkedQueue<Long> locks = new ConcurrentLinkedQueue<>();
				metrics.onRowLockHeld((took) -> locks.add(took.toNanos()));
				long started = System.nanoTime();
				RenewalCounts counts = renewer(simulator, threads, metrics).runToCompletion();
				double seconds = (System.nanoTime() - started) / 1e9;
				long renewed = counts.get(PaymentGateway.Outcome.SUCCESS);
				long[] sorted = locks.stream().mapToLong(Long::longValue).sorted().toArray();
				String name = (threads == 1) ? "one call at a time" : "subscription-renewal (c=" + threads + ")";
				rows.add(new Object[] { name, renewed, seconds, renewed / seconds, simulator.ordersChargedTwice(),
						percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 1.0) });
				io.micrometer.core.instrument.Timer calls = registry.get("lumiku_subscription_gateway_seconds")
					.tag("call", "charge")
					.timer();
				double lockMean = java.util.Arrays.stream(sorted).average().orElse(0) / 1e6;
				profiles.add(String.format(Locale.ROOT,
						"%-28s charge call seen by the job %.1f ms (simulator waits %d ms); %d transactions locking rows"
								+ " (%.2f per renewal), mean %.1f ms; wall time per renewal per thread %.1f ms",
						name, calls.mean(java.util.concurrent.TimeUnit.MILLISECONDS), latency.toMillis(), sorted.length,
						sorted.length / (double) Math.max(1, renewed), lockMean, 1000 * seconds * threads / renewed));
				if (threads == 1) {
					baselineRate = renewed / seconds;
				}
			}
		}
		for (Object[] row : rows) {
			this.out.printf(Locale.ROOT, "%-28s %8d %9.1f %11.0f %7.1fx %13d %11.1f %11.1f %11.1f%n", row[0], row[1],
					row[2], row[3], (double) row[3] / baselineRate, row[4], row[5], row[6], row[7]);
		}
		this.out.println();
		profiles.forEach(this.out::println);
		double ceiling = concurrency / (latency.toMillis() / 1000.0);
		this.out.printf(Locale.ROOT,
				"%nceiling: concurrency / latency = %.0f renewals/s; goal: 80 %% of it = %.0f renewals/s; the job reached"
						+ " %.0f %% of the ceiling%n",
				ceiling, 0.8 * ceiling, 100 * (double) rows.get(0)[3] / ceiling);
		this.out.printf(Locale.ROOT,
				"lock: how long each claim, record or callback transaction (the only ones that lock renewal or"
						+ " subscription rows) took, begin to commit; no gateway call is made inside one%n");
		this.out.flush();
	}

	private static double percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	private RenewSubscriptions renewer(GatewaySimulator simulator, int concurrency, SubscriptionMetrics metrics) {
		SubscriptionProperties properties = new SubscriptionProperties(Duration.ofDays(3),
				List.of(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3)), new SubscriptionProperties.Gateway(
						simulator.baseUrl(), "BENCH", "bench-key", Duration.ofSeconds(2), Duration.ofSeconds(10), ""));
		SubscriptionRenewalParameters parameters = new SubscriptionRenewalParameters(Duration.ofHours(1), 500,
				concurrency, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(30), false);
		return new RenewSubscriptions(parameters, properties, new DuitkuGateway(properties.gateway()),
				new JdbcTemplate(this.dataSource), new DataSourceTransactionManager(this.dataSource), metrics, null);
	}

}
