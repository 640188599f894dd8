package com.lumiku.worker.payment;

import java.time.LocalDateTime;
import java.util.Map;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.BulkTestData;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class PaymentExpiryJobTest extends WorkerIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	private BulkTestData data;

	private LocalDateTime now;

	@BeforeEach
	void givenPaymentsInEveryStatus() {
		this.data = new BulkTestData(this.jdbc);
		this.data.clear();
		this.now = this.data.now();
		this.data.payment("pending-25h", "u1", "pending", this.now.minusHours(25));
		this.data.payment("pending-23h", "u1", "pending", this.now.minusHours(23));
		this.data.payment("success-48h", "u1", "success", this.now.minusHours(48));
		this.data.payment("failed-48h", "u1", "failed", this.now.minusHours(48));
	}

	@Test
	void pending_payments_past_the_window_expire_with_an_audit_row_and_nothing_else_changes() {
		JobExecution run = this.runs.run(RunRequest.manual("payment-expiry", Map.of()));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(statuses()).containsExactly("failed-48h=failed", "pending-23h=pending", "pending-25h=expired",
				"success-48h=success");
		assertThat(this.jdbc.queryForMap(
				"SELECT payment_id, user_id, from_status, to_status, job_execution_id FROM lumiku_worker.payment_status_change"))
			.containsEntry("payment_id", "pending-25h")
			.containsEntry("user_id", "u1")
			.containsEntry("from_status", "pending")
			.containsEntry("to_status", "expired")
			.containsEntry("job_execution_id", run.getId());
		assertThat(this.jdbc.queryForObject(
				"SELECT \"updatedAt\" > \"createdAt\" FROM payments WHERE id = 'pending-25h'", Boolean.class))
			.isTrue();
	}

	@Test
	void a_second_run_changes_nothing_and_writes_no_second_audit_row() {
		this.runs.run(RunRequest.manual("payment-expiry", Map.of()));
		JobExecution second = this.runs.run(RunRequest.manual("payment-expiry", Map.of()));

		assertThat(second.getStepExecutions()).allMatch((step) -> step.getWriteCount() == 0);
		assertThat(this.data.count("SELECT count(*) FROM lumiku_worker.payment_status_change")).isEqualTo(1);
	}

	@Test
	void the_window_is_a_parameter_and_a_dry_run_changes_nothing() {
		JobExecution dry = this.runs
			.run(RunRequest.manual("payment-expiry", Map.of("expireAfter", "1h", "dryRun", "true")));
		assertThat(dry.getStepExecutions().iterator().next().getExitStatus().getExitDescription())
			.contains("dry run: 2 rows to go");
		assertThat(statuses()).contains("pending-23h=pending", "pending-25h=pending");

		this.runs.run(RunRequest.manual("payment-expiry", Map.of("expireAfter", "1h")));
		assertThat(statuses()).contains("pending-23h=expired", "pending-25h=expired", "success-48h=success");
	}

	@Test
	void a_payment_created_exactly_at_the_cutoff_expires_and_one_a_millisecond_younger_does_not() {
		LocalDateTime cutoff = this.now.minusHours(30).withNano(500_000_000);
		this.data.payment("at-cutoff", "u1", "pending", cutoff);
		this.data.payment("after-cutoff", "u1", "pending", cutoff.plusNanos(1_000_000));
		ExecutionContext context = new ExecutionContext();
		context.putString("cutoff", cutoff.toString());

		BatchedWork.Result result = new ExpirePendingPayments(java.time.Duration.ofHours(24), 1L).expireBatch(this.jdbc,
				100, context);

		assertThat(result.changed()).isEqualTo(1);
		assertThat(statuses()).contains("at-cutoff=expired", "after-cutoff=pending");
	}

	private java.util.List<String> statuses() {
		return this.jdbc.queryForList("SELECT id || '=' || status FROM payments ORDER BY id", String.class);
	}

}
