package com.lumiku.worker.subscription;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class SubscriptionExpiryJobTest extends WorkerIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	private SubscriptionWorld world;

	private LocalDateTime now;

	@BeforeEach
	void givenAPlan() {
		SubscriptionWorld.reset(this.jdbc);
		this.world = new SubscriptionWorld(this.jdbc);
		this.world.plan("basic-m", "monthly", 99_000, "basic");
		this.now = this.world.now();
	}

	@Test
	void each_subscription_past_its_end_moves_once_with_its_audit_row_and_expired_users_are_downgraded() {
		this.world.subscriber("renewing", "basic-m", "active", this.now.minusMinutes(1), true);
		this.world.subscriber("manual", "basic-m", "active", this.now.minusMinutes(1), false);
		this.world.subscriber("cancelled", "basic-m", "active", this.now.minusMinutes(1), true);
		this.jdbc.update("UPDATE subscriptions SET \"cancelledAt\" = timezone('UTC', now()) WHERE id = 'cancelled'");
		this.world.subscriber("grace-over", "basic-m", "grace_period", this.now.minusDays(3).minusMinutes(1), true);
		this.world.subscriber("in-grace", "basic-m", "grace_period", this.now.minusDays(2), true);
		this.world.subscriber("current", "basic-m", "active", this.now.plusDays(1), true);

		JobExecution run = this.runs.run(RunRequest.manual("subscription-expiry", Map.of()));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.world.status("renewing")).isEqualTo("grace_period");
		assertThat(this.world.user("renewing")).as("grace keeps access").isEqualTo("subscription/basic");
		assertThat(this.world.status("manual")).isEqualTo("expired");
		assertThat(this.world.user("manual")).isEqualTo("payg/free");
		assertThat(this.world.status("cancelled")).isEqualTo("expired");
		assertThat(this.world.status("grace-over")).isEqualTo("expired");
		assertThat(this.world.user("grace-over")).isEqualTo("payg/free");
		assertThat(this.world.status("in-grace")).isEqualTo("grace_period");
		assertThat(this.world.status("current")).isEqualTo("active");
		assertThat(this.world.audit("renewing")).containsExactly("active>grace_period");
		assertThat(this.world.audit("grace-over")).containsExactly("grace_period>expired");
		assertThat(this.world.count(
				"SELECT count(*) FROM lumiku_worker.subscription_status_change WHERE job_execution_id = ?",
				run.getId()))
			.isEqualTo(4);
	}

	@Test
	void a_second_run_changes_nothing_writes_no_audit_row_and_downgrades_nobody_again() {
		this.world.subscriber("manual", "basic-m", "active", this.now.minusMinutes(1), false);
		this.runs.run(RunRequest.manual("subscription-expiry", Map.of()));
		this.jdbc.update("UPDATE users SET \"updatedAt\" = '2000-01-01'");

		JobExecution second = this.runs.run(RunRequest.manual("subscription-expiry", Map.of()));

		assertThat(second.getStepExecutions()).allMatch((step) -> step.getWriteCount() == 0);
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_status_change")).isEqualTo(1);
		assertThat(this.world.count("SELECT count(*) FROM users WHERE \"updatedAt\" > '2000-01-01'")).isZero();
		this.world.assertMoneyInvariants();
	}

	@Test
	void the_end_date_is_the_boundary_to_the_millisecond() {
		LocalDateTime asOf = this.now.withNano(500_000_000).minusHours(1);
		this.world.subscriber("at-end", "basic-m", "active", asOf, true);
		this.world.subscriber("after-end", "basic-m", "active", asOf.plusNanos(1_000_000), true);
		this.world.subscriber("lapse-at-end", "basic-m", "active", asOf, false);

		new ExpireSubscriptions(Duration.ofDays(3), null).expireBatch(this.jdbc, 100, asOf);

		assertThat(this.world.status("at-end")).isEqualTo("grace_period");
		assertThat(this.world.status("after-end")).isEqualTo("active");
		assertThat(this.world.status("lapse-at-end")).isEqualTo("expired");
	}

	@Test
	void grace_ends_exactly_at_the_end_date_plus_the_grace_period() {
		LocalDateTime asOf = this.now.withNano(500_000_000).minusHours(1);
		this.world.subscriber("exhausted", "basic-m", "grace_period", asOf.minusDays(3), true);
		this.world.subscriber("one-ms-left", "basic-m", "grace_period", asOf.minusDays(3).plusNanos(1_000_000), true);

		new ExpireSubscriptions(Duration.ofDays(3), null).expireBatch(this.jdbc, 100, asOf);

		assertThat(this.world.status("exhausted")).isEqualTo("expired");
		assertThat(this.world.status("one-ms-left")).isEqualTo("grace_period");
	}

	@Test
	void a_retry_due_by_the_end_of_grace_holds_the_expiry_for_at_most_a_day() {
		LocalDateTime end = this.now.minusDays(3).minusHours(1);
		this.world.subscriber("retrying", "basic-m", "grace_period", end, true);
		this.jdbc.update(
				"""
						INSERT INTO lumiku_worker.subscription_renewal
						    (subscription_id, user_id, period_start, plan_id, billing_cycle, amount, state, attempts, next_attempt_at)
						VALUES ('retrying', 'u-retrying', ?, 'basic-m', 'monthly', 99000, 'declined', 3, ?)
						""",
				end, end.plusDays(3));
		ExpireSubscriptions expire = new ExpireSubscriptions(Duration.ofDays(3), null);

		expire.expireBatch(this.jdbc, 100, this.now);
		assertThat(this.world.status("retrying")).isEqualTo("grace_period");

		expire.expireBatch(this.jdbc, 100, end.plusDays(4));
		assertThat(this.world.status("retrying")).isEqualTo("expired");
	}

	@Test
	void a_dry_run_counts_and_changes_nothing() {
		this.world.subscriber("manual", "basic-m", "active", this.now.minusMinutes(1), false);

		JobExecution dry = this.runs.run(RunRequest.manual("subscription-expiry", Map.of("dryRun", "true")));

		assertThat(dry.getStepExecutions().iterator().next().getExitStatus().getExitDescription())
			.contains("dry run: 1 rows to go");
		assertThat(this.world.status("manual")).isEqualTo("active");
	}

}
