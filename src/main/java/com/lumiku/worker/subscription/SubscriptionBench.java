package com.lumiku.worker.subscription;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * {@code bench subscriptions}: renews {@code subscriptions} due subscriptions against the
 * simulator answering in {@code latency}, first as the job does it (bounded concurrency)
 * and then one call at a time, on the same scratch database, and prints renewals/s, the
 * longest claim transaction's share of the run and the orders the simulator was charged
 * twice for.
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
			TRUNCATE lumiku_worker.subscription_status_change, lumiku_worker.subscription_payment,
			    lumiku_worker.subscription_renewal;
			DELETE FROM subscriptions WHERE id LIKE 'bench-s-%';
			""";

	private final DataSource dataSource;

	private final PrintWriter out;

	public SubscriptionBench(DataSource dataSource, PrintWriter out) {
		this.dataSource = dataSource;
		this.out = out;
	}

	public void run(int subscriptions, Duration latency, int concurrency) throws IOException {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.update(
				"""
						INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
						    "maxModelTier", "updatedAt")
						VALUES ('bench-plan', 'bench-plan', 'basic', 'Bench', 99000, 'monthly', 50, 'basic', timezone('UTC', now()))
						""");
		jdbc.update(LOAD, subscriptions);
		this.out.printf(Locale.ROOT, "bench subscriptions: %d due subscriptions, gateway latency %d ms%n%n",
				subscriptions, latency.toMillis());
		this.out.printf(Locale.ROOT, "%-28s %10s %12s %12s %14s%n", "approach", "renewed", "seconds", "renewals/s",
				"charged twice");
		for (int threads : List.of(concurrency, 1)) {
			jdbc.execute(RESET);
			jdbc.update(SUBSCRIBE, subscriptions);
			try (GatewaySimulator simulator = GatewaySimulator.start(0).latency(latency)) {
				long started = System.nanoTime();
				RenewalCounts counts = renewer(jdbc, simulator, threads).runToCompletion();
				double seconds = (System.nanoTime() - started) / 1e9;
				long renewed = counts.get(PaymentGateway.Outcome.SUCCESS);
				String name = (threads == 1) ? "one call at a time" : "subscription-renewal (c=" + threads + ")";
				this.out.printf(Locale.ROOT, "%-28s %10d %12.1f %12.0f %14d%n", name, renewed, seconds,
						renewed / seconds, simulator.ordersChargedTwice());
				this.out.flush();
			}
		}
		this.out.printf(Locale.ROOT, "%ngoal: at least 80 %% of concurrency / latency = %.0f renewals/s%n",
				0.8 * concurrency / (latency.toMillis() / 1000.0));
	}

	private RenewSubscriptions renewer(JdbcTemplate jdbc, GatewaySimulator simulator, int concurrency) {
		SubscriptionProperties properties = new SubscriptionProperties(Duration.ofDays(3),
				List.of(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3)), new SubscriptionProperties.Gateway(
						simulator.baseUrl(), "BENCH", "bench-key", Duration.ofSeconds(2), Duration.ofSeconds(10), ""));
		SubscriptionRenewalParameters parameters = new SubscriptionRenewalParameters(Duration.ofHours(1), 500,
				concurrency, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(30), false);
		return new RenewSubscriptions(parameters, properties, new DuitkuGateway(properties.gateway()), jdbc,
				new DataSourceTransactionManager(this.dataSource), new SubscriptionMetrics(new SimpleMeterRegistry()),
				null);
	}

}
