package com.lumiku.worker.subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.subscription.GatewaySimulator.Behaviour;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code subscription-renewal} through Spring Batch, against the gateway simulator over
 * real HTTP, on a real database.
 */
@SpringBootTest
class SubscriptionRenewalJobTest extends WorkerIntegrationTest {

	static final GatewaySimulator gateway = startSimulator();

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	@Autowired
	SubscriptionProperties properties;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	SubscriptionMetrics subscriptionMetrics;

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactionManager;

	private SubscriptionWorld world;

	private LocalDateTime now;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("lumiku.subscriptions.gateway.base-url", () -> gateway.baseUrl().toString());
	}

	@AfterAll
	static void stopSimulator() {
		gateway.close();
	}

	@BeforeEach
	void givenPlans() {
		SubscriptionWorld.reset(this.jdbc);
		this.world = new SubscriptionWorld(this.jdbc);
		this.world.plan("basic-m", "monthly", 99_000, "basic");
		this.world.plan("pro-y", "yearly", 2_870_000, "pro");
		this.now = this.world.now();
		gateway.defaultBehaviour(Behaviour.SUCCESS);
	}

	@Test
	void a_due_monthly_subscription_is_charged_once_and_extended_from_its_old_end_date() {
		LocalDateTime end = this.now.plusMinutes(30);
		this.world.subscriber("m1", "basic-m", "active", end, true);
		String order = this.world.order("m1", 1);

		JobExecution run = renew(Map.of());

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.world.endDate("m1")).isEqualTo(end.plusMonths(1));
		Map<String, Object> subscription = this.world.subscription("m1");
		assertThat(subscription).containsEntry("status", "active")
			.containsEntry("nextBillingDate", java.sql.Timestamp.valueOf(end.plusMonths(1)));
		assertThat(this.jdbc.queryForMap(
				"SELECT status, amount, merchant_order_id FROM lumiku_worker.subscription_payment WHERE id = ?",
				subscription.get("lastPaymentId")))
			.containsEntry("status", "success")
			.containsEntry("amount", new java.math.BigDecimal("99000"))
			.containsEntry("merchant_order_id", order);
		assertThat(this.world.renewal("m1")).containsEntry("state", "succeeded").containsEntry("attempts", 1);
		assertThat(this.world.audit("m1")).containsExactly("active>active");
		assertThat(this.jdbc.queryForObject(
				"SELECT job_execution_id FROM lumiku_worker.subscription_status_change WHERE subscription_id = 'm1'",
				Long.class))
			.isEqualTo(run.getId());
		assertThat(gateway.charges(order)).isEqualTo(1);
		this.world.assertMoneyInvariants();
		assertThat(this.meters.get("lumiku_subscription_renewals_total").tag("outcome", "success").counter().count())
			.isPositive();
		assertThat(this.meters.get("lumiku_subscription_revenue_renewed_idr_total").counter().count())
			.isGreaterThanOrEqualTo(99_000);
		assertThat(this.meters.get("lumiku_subscription_gateway_seconds").tag("call", "charge").timer().count())
			.isPositive();
		assertThat(this.meters.get("lumiku_subscriptions").tag("status", "active").gauge().value()).isEqualTo(1);
	}

	@Test
	void a_yearly_subscription_is_extended_by_a_year() {
		LocalDateTime end = this.now.plusMinutes(10);
		this.world.subscriber("y1", "pro-y", "active", end, true);

		renew(Map.of());

		assertThat(this.world.endDate("y1")).isEqualTo(end.plusYears(1));
		assertThat(this.world.renewal("y1")).containsEntry("amount", new java.math.BigDecimal("2870000"));
	}

	@Test
	void a_second_run_charges_nothing_and_changes_nothing() {
		this.world.subscriber("t1", "basic-m", "active", this.now.plusMinutes(5), true);
		String order = this.world.order("t1", 1);
		renew(Map.of());
		LocalDateTime extended = this.world.endDate("t1");

		JobExecution second = renew(Map.of());

		assertThat(second.getStepExecutions()).allMatch((step) -> step.getWriteCount() == 0);
		assertThat(this.world.endDate("t1")).isEqualTo(extended);
		assertThat(this.world.audit("t1")).hasSize(1);
		assertThat(gateway.charges(order)).isEqualTo(1);
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_renewal")).isEqualTo(1);
	}

	@Test
	void subscriptions_not_due_not_renewing_or_cancelled_are_not_charged() {
		this.world.subscriber("later", "basic-m", "active", this.now.plusHours(2), true);
		this.world.subscriber("manual", "basic-m", "active", this.now.plusMinutes(5), false);
		this.world.subscriber("cancelled", "basic-m", "active", this.now.plusMinutes(5), true);
		this.jdbc.update("UPDATE subscriptions SET \"cancelledAt\" = timezone('UTC', now()) WHERE id = 'cancelled'");

		renew(Map.of());

		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_renewal")).isZero();
	}

	@Test
	void a_subscription_is_due_exactly_at_its_billing_date_minus_the_lead_time_and_not_a_millisecond_before() {
		LocalDateTime asOf = this.now.withNano(250_000_000);
		this.world.subscriber("edge", "basic-m", "active", asOf.plusHours(1), true);
		this.world.subscriber("past-edge", "basic-m", "active", asOf.plusHours(1).plusNanos(1_000_000), true);

		OpenRenewals.Batch batch = new OpenRenewals(Duration.ofHours(1)).openBatch(this.jdbc, asOf, "", 100);

		assertThat(batch.opened()).isEqualTo(1);
		assertThat(this.world
			.count("SELECT count(*) FROM lumiku_worker.subscription_renewal WHERE subscription_id = 'edge'"))
			.isEqualTo(1);
		assertThat(new OpenRenewals(Duration.ofHours(1)).openBatch(this.jdbc, asOf, "", 100).opened())
			.as("opening twice opens nothing")
			.isZero();
	}

	@Test
	void a_timed_out_charge_is_reconciled_by_inquiry_and_never_charged_again() {
		this.world.subscriber("slow", "basic-m", "active", this.now.plusMinutes(5), true);
		String order = this.world.order("slow", 1);
		gateway.script(order, Behaviour.TIMEOUT).slowAnswer(Duration.ofSeconds(2));
		LocalDateTime end = this.world.endDate("slow");

		renew(Map.of("callTimeout", "300ms", "inquiryAfter", "0s"));

		assertThat(this.world.renewal("slow")).containsEntry("state", "unknown");
		assertThat(this.world.endDate("slow")).isEqualTo(end);

		renew(Map.of("inquiryAfter", "0s"));

		assertThat(this.world.renewal("slow")).containsEntry("state", "succeeded").containsEntry("attempts", 1);
		assertThat(this.world.endDate("slow")).isEqualTo(end.plusMonths(1));
		assertThat(gateway.charges(order)).isEqualTo(1);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_server_error_is_asked_about_and_charged_again_only_once_the_gateway_says_it_never_saw_it() {
		this.world.subscriber("err", "basic-m", "active", this.now.plusMinutes(5), true);
		String first = this.world.order("err", 1);
		String second = this.world.order("err", 2);
		gateway.script(first, Behaviour.SERVER_ERROR);

		renew(Map.of("inquiryAfter", "0s"));
		assertThat(this.world.renewal("err")).containsEntry("state", "unknown");
		assertThat(gateway.charges(second)).isZero();

		renew(Map.of("inquiryAfter", "0s"));

		assertThat(this.world.renewal("err")).containsEntry("state", "succeeded").containsEntry("attempts", 2);
		assertThat(this.jdbc.queryForList(
				"SELECT status FROM lumiku_worker.subscription_payment WHERE subscription_id = 'err' ORDER BY attempt",
				String.class))
			.containsExactly("not_found", "success");
		assertThat(gateway.charges(first)).isEqualTo(1);
		assertThat(gateway.charges(second)).isEqualTo(1);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_charge_whose_run_died_is_reconciled_by_inquiry_not_charged_blind() {
		this.world.subscriber("crash", "basic-m", "active", this.now.plusMinutes(5), true);
		String order = this.world.order("crash", 1);
		// the run that died: it opened and claimed the renewal, the charge reached the
		// gateway, and the process was killed before it recorded the answer
		new OpenRenewals(Duration.ofHours(1)).openBatch(this.jdbc, this.now, "", 10);
		var claimed = new ClaimRenewals(Duration.ofMinutes(1)).claimCharges(this.jdbc, this.now, 10);
		assertThat(claimed).hasSize(1);
		new DuitkuGateway(this.properties.gateway()).charge(order, "u-crash", 99_000, Duration.ofSeconds(5));
		this.jdbc.update(
				"UPDATE lumiku_worker.subscription_renewal SET next_attempt_at = next_attempt_at - interval '2 minutes'");

		renew(Map.of());

		assertThat(this.world.renewal("crash")).containsEntry("state", "succeeded").containsEntry("attempts", 1);
		assertThat(this.world.status("crash")).isEqualTo("active");
		assertThat(gateway.charges(order)).isEqualTo(1);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_charge_still_in_flight_in_another_run_is_left_alone() {
		this.world.subscriber("busy", "basic-m", "active", this.now.plusMinutes(5), true);
		String order = this.world.order("busy", 1);
		new OpenRenewals(Duration.ofHours(1)).openBatch(this.jdbc, this.now, "", 10);
		new ClaimRenewals(Duration.ofMinutes(1)).claimCharges(this.jdbc, this.now, 10);

		renew(Map.of());

		assertThat(this.world.renewal("busy")).containsEntry("state", "charging");
		assertThat(gateway.charges(order)).isZero();
	}

	@Test
	void a_decline_schedules_the_next_retry_a_day_after_the_end_date() {
		LocalDateTime end = this.now.minusHours(12);
		this.world.subscriber("declined", "basic-m", "grace_period", end, true);
		gateway.script(this.world.order("declined", 1), Behaviour.DECLINE);

		renew(Map.of());

		assertThat(this.world.renewal("declined")).containsEntry("state", "declined")
			.containsEntry("attempts", 1)
			.containsEntry("next_attempt_at", java.sql.Timestamp.valueOf(end.plusDays(1)));
		assertThat(this.world.status("declined")).isEqualTo("grace_period");
		assertThat(this.world.endDate("declined")).isEqualTo(end);
	}

	@Test
	void the_retries_follow_the_schedule_and_the_last_decline_fails_the_renewal() {
		LocalDateTime end = this.now.minusDays(3).minusMinutes(1);
		this.world.subscriber("dunned", "basic-m", "grace_period", end, true);
		gateway.defaultBehaviour(Behaviour.DECLINE);

		renew(Map.of());
		assertThat(this.world.renewal("dunned")).containsEntry("state", "declined").containsEntry("attempts", 1);
		for (int attempt = 2; attempt <= 4; attempt++) {
			renew(Map.of());
		}

		assertThat(this.world.renewal("dunned")).containsEntry("state", "failed").containsEntry("attempts", 4);
		assertThat(this.world.count(
				"SELECT count(*) FROM lumiku_worker.subscription_payment WHERE subscription_id = 'dunned' AND status = 'declined'"))
			.isEqualTo(4);
		renew(Map.of());
		assertThat(this.world.renewal("dunned")).containsEntry("attempts", 4);
		assertThat(this.world.status("dunned")).isEqualTo("grace_period");
		assertThat(this.world.endDate("dunned")).isEqualTo(end);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_success_during_grace_restores_active_from_the_original_end_date() {
		LocalDateTime end = this.now.minusDays(1);
		this.world.subscriber("late", "basic-m", "grace_period", end, true);

		renew(Map.of());

		assertThat(this.world.status("late")).isEqualTo("active");
		assertThat(this.world.endDate("late")).isEqualTo(end.plusMonths(1));
		assertThat(this.world.audit("late")).containsExactly("grace_period>active");
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_success_settled_after_expiry_reactivates_from_the_payment_time_and_upgrades_the_user_again() {
		LocalDateTime end = this.now.minusDays(3).minusHours(1);
		this.world.subscriber("lapsed", "basic-m", "grace_period", end, true);
		String order = this.world.order("lapsed", 1);
		gateway.script(order, Behaviour.LATE_CALLBACK);
		renew(Map.of("inquiryAfter", "0s"));
		assertThat(this.world.renewal("lapsed")).containsEntry("state", "unknown");
		new ExpireSubscriptions(Duration.ofDays(3), null).expireBatch(this.jdbc, 100, this.world.now());
		assertThat(this.world.status("lapsed")).isEqualTo("expired");
		assertThat(this.world.user("lapsed")).isEqualTo("payg/free");

		gateway.settlePending();
		renew(Map.of("inquiryAfter", "0s"));

		assertThat(this.world.status("lapsed")).isEqualTo("active");
		assertThat(this.world.user("lapsed")).isEqualTo("subscription/basic");
		LocalDateTime newEnd = this.world.endDate("lapsed");
		assertThat(newEnd).isAfter(this.now.plusMonths(1).minusMinutes(1)).isBefore(this.world.now().plusMonths(1));
		assertThat(this.world.audit("lapsed")).containsExactly("grace_period>expired", "expired>active");
		assertThat(gateway.charges(order)).isEqualTo(1);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_duplicate_success_changes_nothing() {
		this.world.subscriber("dup", "basic-m", "active", this.now.plusMinutes(5), true);
		new OpenRenewals(Duration.ofHours(1)).openBatch(this.jdbc, this.now, "", 10);
		var claimed = new ClaimRenewals(Duration.ofMinutes(1)).claimCharges(this.jdbc, this.now, 10).get(0);
		var success = PaymentGateway.Answer.of(PaymentGateway.Outcome.SUCCESS, "REF-1", "statusCode 00");
		var record = new RecordChargeOutcomes(this.properties.retrySchedule(), Duration.ZERO, Duration.ZERO);

		assertThat(record.record(this.jdbc, claimed, success, this.now, null)).isPresent();
		LocalDateTime extended = this.world.endDate("dup");
		assertThat(record.record(this.jdbc, claimed, success, this.now, null)).isEmpty();
		assertThat(ExtendPaidSubscription.apply(this.jdbc, claimed.renewalId(), "dup", null)).isEmpty();

		assertThat(this.world.endDate("dup")).isEqualTo(extended);
		assertThat(this.world.audit("dup")).hasSize(1);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_plan_changed_mid_period_is_charged_and_applied_at_the_next_period() {
		LocalDateTime end = this.now.plusMinutes(20);
		this.world.subscriber("upgrade", "basic-m", "active", end, true);
		this.jdbc.update("UPDATE subscriptions SET \"planId\" = 'pro-y' WHERE id = 'upgrade'");

		renew(Map.of());

		assertThat(this.world.renewal("upgrade")).containsEntry("amount", new java.math.BigDecimal("2870000"))
			.containsEntry("billing_cycle", "yearly");
		assertThat(this.world.subscription("upgrade")).containsEntry("billingCycle", "yearly")
			.containsEntry("endDate", java.sql.Timestamp.valueOf(end.plusYears(1)));
	}

	@Test
	void a_dry_run_counts_and_changes_nothing() {
		this.world.subscriber("d1", "basic-m", "active", this.now.plusMinutes(5), true);
		String order = this.world.order("d1", 1);

		JobExecution dry = renew(Map.of("dryRun", "true"));

		assertThat(dry.getStepExecutions().iterator().next().getExitStatus().getExitDescription())
			.contains("dry run: 1 renewals to open");
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_renewal")).isZero();
		assertThat(gateway.charges(order)).isZero();
	}

	@Test
	void many_due_subscriptions_are_renewed_once_each_with_bounded_concurrency() {
		gateway.latency(Duration.ofMillis(20));
		try {
			for (int i = 0; i < 120; i++) {
				this.world.subscriber("bulk-" + i, "basic-m", "active", this.now.plusMinutes(1 + i % 30), true);
			}
			JobExecution run = renew(Map.of("batchSize", "50", "concurrency", "8"));
			assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(this.world.count(
					"SELECT count(*) FROM lumiku_worker.subscription_renewal WHERE subscription_id LIKE 'bulk-%' AND state = 'succeeded'"))
				.isEqualTo(120);
			assertThat(gateway.ordersChargedTwice()).isZero();
			this.world.assertMoneyInvariants();
		}
		finally {
			gateway.latency(Duration.ZERO);
		}
	}

	@Test
	void two_renewers_at_once_renew_each_subscription_once_and_charge_each_order_once() throws Exception {
		gateway.latency(Duration.ofMillis(10));
		try {
			for (int i = 0; i < 200; i++) {
				this.world.subscriber("race-" + i, "basic-m", "active", this.now.plusMinutes(1 + i % 30), true);
			}
			var parameters = new SubscriptionRenewalParameters(Duration.ofHours(1), 20, 4, Duration.ofSeconds(5),
					Duration.ofMinutes(1), Duration.ofMinutes(30), false);
			java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				var first = two.submit(() -> renewer(parameters).runToCompletion());
				var second = two.submit(() -> renewer(parameters).runToCompletion());
				long renewed = first.get().get(PaymentGateway.Outcome.SUCCESS)
						+ second.get().get(PaymentGateway.Outcome.SUCCESS);
				assertThat(renewed).isEqualTo(200);
			}
			finally {
				two.shutdownNow();
			}
			assertThat(this.world.count(
					"SELECT count(*) FROM lumiku_worker.subscription_status_change WHERE subscription_id LIKE 'race-%'"))
				.isEqualTo(200);
			assertThat(gateway.ordersChargedTwice()).isZero();
			this.world.assertMoneyInvariants();
		}
		finally {
			gateway.latency(Duration.ZERO);
		}
	}

	@Test
	void a_declined_renewal_of_a_subscription_whose_auto_renew_was_turned_off_is_closed_once_with_its_reason() {
		LocalDateTime end = this.now.minusHours(12);
		this.world.subscriber("off", "basic-m", "grace_period", end, true);
		gateway.script(this.world.order("off", 1), Behaviour.DECLINE);
		renew(Map.of());
		assertThat(this.world.renewal("off")).containsEntry("state", "declined");
		this.jdbc.update("UPDATE subscriptions SET \"autoRenew\" = false WHERE id = 'off'");

		JobExecution run = renew(Map.of());

		assertThat(this.world.renewal("off")).containsEntry("state", "closed")
			.containsEntry("closed_reason", "autoRenew turned off");
		assertThat(this.jdbc
			.queryForMap("SELECT from_state, reason, job_execution_id FROM lumiku_worker.subscription_renewal_closure"))
			.containsEntry("from_state", "declined")
			.containsEntry("reason", "autoRenew turned off")
			.containsEntry("job_execution_id", run.getId());
		assertThat(run.getExitStatus().getExitDescription()).contains("closed 1 stale renewals");
		renew(Map.of());
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_renewal_closure")).isEqualTo(1);
		assertThat(gateway.charges(this.world.order("off", 2))).isZero();
		this.world.assertMoneyInvariants();
	}

	@Test
	void opened_renewals_of_cancelled_and_expired_subscriptions_are_closed_and_one_in_flight_is_left_alone() {
		for (String id : List.of("cancelled", "expired", "inflight")) {
			this.world.subscriber(id, "basic-m", "active", this.now.plusMinutes(5), true);
		}
		new OpenRenewals(Duration.ofHours(1)).openBatch(this.jdbc, this.now, "", 10);
		new ClaimRenewals(Duration.ofHours(1)).claimCharges(this.jdbc, this.now, 10)
			.stream()
			.filter((claimed) -> !claimed.subscriptionId().equals("inflight"))
			.forEach((claimed) -> this.jdbc.update(
					"UPDATE lumiku_worker.subscription_renewal SET state = 'opened' WHERE id = ?",
					claimed.renewalId()));
		this.jdbc.update("UPDATE subscriptions SET \"cancelledAt\" = timezone('UTC', now()) WHERE id = 'cancelled'");
		this.jdbc.update("UPDATE subscriptions SET status = 'expired' WHERE id IN ('expired', 'inflight')");

		renew(Map.of());

		assertThat(this.world.renewal("cancelled")).containsEntry("state", "closed")
			.containsEntry("closed_reason", "subscription cancelled");
		assertThat(this.world.renewal("expired")).containsEntry("state", "closed")
			.containsEntry("closed_reason", "subscription expired");
		assertThat(this.world.renewal("inflight")).containsEntry("state", "charging");
		assertThat(gateway.charges(this.world.order("cancelled", 1)) + gateway.charges(this.world.order("expired", 1))
				+ gateway.charges(this.world.order("inflight", 1)))
			.isZero();
	}

	private RenewSubscriptions renewer(SubscriptionRenewalParameters parameters) {
		return new RenewSubscriptions(parameters, this.properties, new DuitkuGateway(this.properties.gateway()),
				this.jdbc, this.transactionManager, this.subscriptionMetrics, null);
	}

	private JobExecution renew(Map<String, String> parameters) {
		Map<String, String> all = new HashMap<>(parameters);
		return this.runs.run(RunRequest.manual("subscription-renewal", all));
	}

	private static GatewaySimulator startSimulator() {
		try {
			return GatewaySimulator.start(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
