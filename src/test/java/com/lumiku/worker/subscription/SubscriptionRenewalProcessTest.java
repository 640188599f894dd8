package com.lumiku.worker.subscription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's multi-process claim: two {@code serve} processes renew 10,000 due
 * subscriptions through the scheduled {@code subscription-renewal} against one gateway
 * simulator (over HTTP, in this JVM) while the process running the job is killed with -9
 * mid-run. The survivor recovers the dead run, renews the rest and reconciles the charges
 * the victim left in flight by status inquiry: each subscription is renewed exactly once,
 * and the gateway saw at most one charge per (subscription, period).
 */
@Tag("multi-jvm")
class SubscriptionRenewalProcessTest {

	private static final int SUBSCRIPTIONS = 10_000;

	@TempDir
	Path jobsDirectory;

	private final List<WorkerProcess> workers = new ArrayList<>();

	private TestDatabase database;

	private GatewaySimulator gateway;

	@AfterEach
	void stop() {
		this.workers.forEach(WorkerProcess::close);
		if (this.gateway != null) {
			this.gateway.close();
		}
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void two_processes_renew_ten_thousand_subscriptions_once_each_though_one_is_killed_mid_run() throws Exception {
		this.database = MigratedDatabases.fresh("subsprocess");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		this.gateway = GatewaySimulator.start(0).latency(Duration.ofMillis(20));
		jdbc.update("""
				INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
				    "maxModelTier", "updatedAt")
				VALUES ('mp-plan', 'mp-plan', 'basic', 'Basic', 99000, 'monthly', 50, 'basic', timezone('UTC', now()))
				""");
		jdbc.update("""
				INSERT INTO users (id, email, password, "accountType", "subscriptionTier", "updatedAt")
				SELECT 'mp-u-' || g, 'mp-' || g || '@test', 'x', 'subscription', 'basic', timezone('UTC', now())
				FROM generate_series(1, ?) g""", SUBSCRIPTIONS);
		// stored payment methods: every renewal is a charge
		jdbc.update("""
				INSERT INTO lumiku_worker.subscription_payment_method (user_id, method)
				SELECT 'mp-u-' || g, 'card' FROM generate_series(1, ?) g""", SUBSCRIPTIONS);
		jdbc.update("""
				INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle",
				    "autoRenew", "nextBillingDate", "updatedAt")
				SELECT 'mp-s-' || g, 'mp-u-' || g, 'mp-plan', 'active', timestamp '2026-11-01 12:00:00',
				       date_trunc('second', timezone('UTC', now())) + interval '10 minutes', 'monthly', true,
				       date_trunc('second', timezone('UTC', now())) + interval '10 minutes', timezone('UTC', now())
				FROM generate_series(1, ?) g""", SUBSCRIPTIONS);
		java.time.LocalDateTime endDate = jdbc.queryForObject("SELECT max(\"endDate\") FROM subscriptions",
				java.time.LocalDateTime.class);
		Files.writeString(this.jobsDirectory.resolve("subscription-renewal.yml"), """
				job: subscription-renewal
				cron: "*/2 * * * * ?"
				misfire: fire-once
				overlap: skip
				parameters:
				  leadTime: 1h
				  batchSize: 200
				  concurrency: 16
				  callTimeout: 1s
				  inquiryAfter: 0s
				""");
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_JOBS_DIR", this.jobsDirectory.toString());
		environment.put("LUMIKU_GATEWAY_URL", this.gateway.baseUrl().toString());
		environment.put("LUMIKU_CLUSTER_CHECKIN_INTERVAL_MS", "1000");
		environment.put("LUMIKU_HEARTBEAT_INTERVAL", "1s");
		environment.put("LUMIKU_WORKER_STALE_AFTER", "4s");
		environment.put("LUMIKU_MAINTENANCE_INTERVAL", "1s");
		for (int i = 1; i <= 2; i++) {
			this.workers.add(WorkerProcess.start("renewer-" + i, environment));
		}
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.failFast("a worker process exited", () -> this.workers.stream().anyMatch((w) -> !w.isAlive()))
				.until(() -> succeeded(jdbc) >= 1500);
			String owner = jdbc.queryForObject("""
					SELECT o.worker_id FROM lumiku_worker.job_execution_owner o
					JOIN lumiku_worker.batch_job_execution e USING (job_execution_id)
					JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
					WHERE i.job_name = 'subscription-renewal' AND e.status = 'STARTED'
					""", String.class);
			WorkerProcess victim = this.workers.stream()
				.filter((w) -> owner.startsWith(w.id() + "-"))
				.findFirst()
				.orElseThrow();
			victim.kill();
			long inFlightAtKill = count(jdbc,
					"SELECT count(*) FROM lumiku_worker.subscription_renewal WHERE state = 'charging'");
			long renewedAtKill = succeeded(jdbc);
			assertThat(renewedAtKill).as("renewed when the victim was killed").isLessThan(SUBSCRIPTIONS);
			assertThat(inFlightAtKill).as("charges the victim left in flight").isPositive();
			WorkerProcess survivor = this.workers.stream().filter((w) -> w != victim).findFirst().orElseThrow();

			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofSeconds(1))
				.failFast("the survivor exited", () -> !survivor.isAlive())
				.until(() -> succeeded(jdbc) == SUBSCRIPTIONS && count(jdbc,
						"SELECT count(*) FROM lumiku_worker.subscription_renewal WHERE state <> 'succeeded'") == 0);
			System.out.printf("renewed %,d at the kill (%d in flight), %,d in all; survivor %s%n", renewedAtKill,
					inFlightAtKill, succeeded(jdbc), survivor.id());

			assertThat(count(jdbc, "SELECT count(*) FROM lumiku_worker.subscription_renewal"))
				.as("one renewal per (subscription, period)")
				.isEqualTo(SUBSCRIPTIONS);
			assertThat(count(jdbc,
					"SELECT count(*) FROM subscriptions WHERE \"endDate\" = ? + interval '1 month'"
							+ " AND status = 'active'",
					endDate))
				.as("subscriptions extended by exactly one month from the old end date")
				.isEqualTo(SUBSCRIPTIONS);
			assertThat(count(jdbc, """
					SELECT count(*) FROM subscriptions s
					JOIN lumiku_worker.subscription_payment p ON p.id = s."lastPaymentId" AND p.status = 'success'
					WHERE s.id LIKE 'mp-s-%'""")).as("every extension backed by a successful payment")
				.isEqualTo(SUBSCRIPTIONS);
			assertThat(count(jdbc, "SELECT count(*) FROM lumiku_worker.subscription_payment WHERE status = 'success'"))
				.as("one successful payment per period")
				.isEqualTo(SUBSCRIPTIONS);
			assertThat(count(jdbc, """
					SELECT count(*) FROM lumiku_worker.subscription_status_change
					WHERE reason = 'renewed' AND from_status = 'active' AND to_status = 'active'"""))
				.as("one audit row per renewal")
				.isEqualTo(SUBSCRIPTIONS);
			assertThat(
					count(jdbc, "SELECT count(DISTINCT subscription_id) FROM lumiku_worker.subscription_status_change"))
				.isEqualTo(SUBSCRIPTIONS);

			Map<String, Integer> charges = this.gateway.chargesByOrder();
			assertThat(charges.values().stream().filter((n) -> n > 1).count()).as("orders charged twice").isZero();
			Map<String, Integer> perPeriod = charges.entrySet()
				.stream()
				.collect(Collectors.groupingBy((entry) -> entry.getKey().substring(0, entry.getKey().lastIndexOf('-')),
						Collectors.summingInt(Map.Entry::getValue)));
			assertThat(perPeriod).as("periods the gateway charged").hasSize(SUBSCRIPTIONS);
			assertThat(perPeriod.values().stream().filter((n) -> n > 1).count())
				.as("(subscription, period) charged more than once")
				.isZero();
			assertThat(survivor.output()).contains("subscription-renewal");
		}
		catch (AssertionError | RuntimeException ex) {
			StringBuilder logs = new StringBuilder();
			this.workers.forEach((w) -> {
				String output = w.output();
				logs.append("\n===== ")
					.append(w.id())
					.append(" =====\n")
					.append((output.length() > 6000) ? output.substring(output.length() - 6000) : output);
			});
			throw new AssertionError(ex.getMessage() + "\nstates: "
					+ jdbc.queryForList("SELECT state, count(*) FROM lumiku_worker.subscription_renewal GROUP BY state")
					+ "\nWorker logs:" + logs, ex);
		}
	}

	private static long succeeded(JdbcTemplate jdbc) {
		return count(jdbc, "SELECT count(*) FROM lumiku_worker.subscription_renewal WHERE state = 'succeeded'");
	}

	private static long count(JdbcTemplate jdbc, String sql, Object... args) {
		Long count = jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

}
