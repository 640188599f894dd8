package com.lumiku.worker.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import com.lumiku.worker.partition.PartitionMaintenance;
import com.lumiku.worker.partition.PartitionMetrics;
import com.lumiku.worker.partition.PartitionOperations;
import com.lumiku.worker.partition.PartitionProperties;
import com.lumiku.worker.testsupport.TestRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the chaos world holds before the workers start: the jobs directory (every job on a
 * schedule of 5 to 30 seconds), the generation queue's configuration (handler kind
 * {@code chaos}), users with credit ledgers in {@code credits} converted to monthly
 * partitions four months ago (so the legacy partition and two months are past the
 * retention of 1 month), and renewing subscriptions due one after another over the run.
 */
final class ChaosScenario {

	static final int USERS = 30;

	static final int SUBSCRIPTIONS = 150;

	private ChaosScenario() {
	}

	static void writeFiles(Path root) throws IOException {
		Path jobs = Files.createDirectories(root.resolve("jobs"));
		job(jobs, "test-tick", "*/5 * * * * ?", "");
		job(jobs, "test-slow", "*/10 * * * * ?", "  items: 20\n  delayMillis: 150\n");
		job(jobs, "subscription-renewal", "*/5 * * * * ?", """
				  leadTime: 0s
				  batchSize: 50
				  concurrency: 8
				  callTimeout: 1s
				  inquiryAfter: 0s
				  invoiceCheckEvery: 5s
				""");
		job(jobs, "subscription-expiry", "3/10 * * * * ?", "  batchSize: 100\n");
		job(jobs, "payment-expiry", "*/10 * * * * ?", "  expireAfter: 24h\n  batchSize: 100\n");
		job(jobs, "session-cleanup", "*/10 * * * * ?",
				"  keepExpiredFor: 30d\n  devicesInactiveFor: 180d\n  batchSize: 100\n  pause: 10ms\n");
		job(jobs, "quota-reset", "*/10 * * * * ?",
				"  periodTimeZone: UTC\n  keepPastPeriodsFor: 35d\n  batchSize: 100\n");
		job(jobs, "partition-maintenance", "*/10 * * * * ?", "  dryRun: false\n");
		job(jobs, "analytics-refresh", "*/20 * * * * ?", "  views: all\n  mode: both\n  refreshViewsOlderThan: 0s\n");
		job(jobs, "job-history-prune", "*/30 * * * * ?", "  retention: 30d\n");
		job(jobs, "db-maintenance", "*/30 * * * * ?", "  checks: all\n  statementTimeout: 10s\n");
		job(jobs, "db-vacuum", "15/30 * * * * ?", "  lockTimeout: 1s\n");
		Files.writeString(root.resolve("generation-queue.yml"), """
				lumiku:
				  generation:
				    enabled: true
				    rescue-interval: 500ms
				    apps:
				      looping-flow:
				        threads: 2
				        concurrency: 20
				        per-user-cap: 3
				        claim-batch: 2
				        timeout: 2s
				        lease-margin: 2s
				        max-attempts: 3
				        backoff: 200ms
				        max-backoff: 1s
				        handler:
				          kind: chaos
				""");
	}

	private static void job(Path jobs, String name, String cron, String parameters) throws IOException {
		Files.writeString(jobs.resolve(name + ".yml"), """
				job: %s
				cron: "%s"
				timeZone: UTC
				misfire: fire-once
				overlap: skip
				stopAfter: 2m
				%s""".formatted(name, cron, parameters.isEmpty() ? "" : "parameters:\n" + parameters));
	}

	/** Users, their ledgers over six months, credits partitioned, subscriptions. */
	static void seed(DataSource dataSource, Path archive, Duration budget) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		YearMonth now = YearMonth.now(ZoneOffset.UTC);
		Clock converted = Clock.fixed(
				now.minusMonths(4).atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(12)),
				ZoneOffset.UTC);
		PartitionProperties properties = new PartitionProperties(3, archive, Map.of(), Duration.ofSeconds(2), 5, 100);
		new PartitionOperations(dataSource, properties, converted).convert("credits", false);
		new PartitionMaintenance(dataSource, properties, new PartitionMetrics(jdbc, new SimpleMeterRegistry()),
				Clock.systemUTC())
			.run(false);
		for (int i = 1; i <= USERS; i++) {
			TestRows.user("u" + i).insert(jdbc);
		}
		// each user: chained ledger rows four days apart from six months ago, grants and
		// spends
		Timestamp from = Timestamp.valueOf(now.minusMonths(6).atDay(1).atStartOfDay());
		jdbc.update("""
				INSERT INTO credits (id, "userId", amount, balance, type, "createdAt")
				SELECT 'c-' || u || '-' || n, 'u' || u, amount,
				       sum(amount) OVER (PARTITION BY u ORDER BY n), CASE WHEN amount > 0 THEN 'bonus' ELSE 'usage' END,
				       ?::timestamp + (n * 4 + u % 3) * interval '1 day' + u * interval '1 minute'
				FROM (SELECT u, n, CASE WHEN n % 5 = 4 THEN -(((n - 1) % 5) * 10 + u % 7) ELSE 10 + u % 7 END AS amount
				      FROM generate_series(1, ?) u, generate_series(0, 39) n) AS r
				WHERE ?::timestamp + (n * 4 + u % 3) * interval '1 day' + u * interval '1 minute'
				      < timezone('UTC', now()) - interval '1 hour'""", from, USERS, from);
		jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				SELECT 'p' || i, 'u' || i, 'p', timezone('UTC', now()) FROM generate_series(1, ?) i""", USERS);
		subscriptions(jdbc, budget);
	}

	/** Renewing subscriptions whose billing dates fall one after another over the run. */
	private static void subscriptions(JdbcTemplate jdbc, Duration budget) {
		jdbc.update("""
				INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
				    "maxModelTier", "updatedAt")
				VALUES ('chaos-plan', 'chaos-plan', 'basic', 'Basic', 99000, 'monthly', 50, 'basic',
				        timezone('UTC', now()))""");
		jdbc.update("""
				INSERT INTO users (id, email, password, "accountType", "subscriptionTier", "updatedAt")
				SELECT 'su' || g, 'su' || g || '@test', 'x', 'subscription', 'basic', timezone('UTC', now())
				FROM generate_series(1, ?) g""", SUBSCRIPTIONS);
		jdbc.update("""
				INSERT INTO lumiku_worker.subscription_payment_method (user_id, method)
				SELECT 'su' || g, 'card' FROM generate_series(1, ?) g""", SUBSCRIPTIONS);
		jdbc.update("""
				INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle",
				    "autoRenew", "nextBillingDate", "updatedAt")
				SELECT 'ss' || g, 'su' || g, 'chaos-plan', 'active', timestamp '2026-01-01 12:00:00', due, 'monthly',
				       true, due, timezone('UTC', now())
				FROM (SELECT g, date_trunc('second', timezone('UTC', now())) + interval '20 seconds'
				             + (g * ? / ?) * interval '1 millisecond' AS due
				      FROM generate_series(1, ?) g) AS s""", budget.toMillis(), SUBSCRIPTIONS, SUBSCRIPTIONS);
		jdbc.update("""
				CREATE TABLE chaos_subscription_seed AS
				SELECT id, "endDate" AS seeded_end FROM subscriptions WHERE id LIKE 'ss%'""");
	}

}
