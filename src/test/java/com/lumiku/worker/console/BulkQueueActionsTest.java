package com.lumiku.worker.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.lumiku.worker.generation.GenerationTable;
import com.lumiku.worker.testsupport.TestRows;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generation queue's bulk actions on real rows, in batches of 2 so that every action
 * takes several: what a preview counts is what the action changes, credits are never
 * touched, refunded rows stay failed unless included, other users' and claimed rows are
 * left alone, and every changed row is audited.
 */
@SpringBootTest(properties = { "lumiku.console.bulk-batch-size=2", "spring.main.web-application-type=none" })
class BulkQueueActionsTest extends WorkerIntegrationTest {

	private static final ConsoleTokens.Operator OPS = new ConsoleTokens.Operator("ops", ConsoleTokens.Role.OPERATOR);

	@Autowired
	BulkQueueActions bulk;

	@Autowired
	JdbcTemplate jdbc;

	@org.junit.jupiter.api.BeforeEach
	void emptyQueue() {
		this.jdbc.update("DELETE FROM looping_flow_generations");
		this.jdbc.update("DELETE FROM lumiku_worker.generation_refund");
	}

	@Test
	void a_retry_sends_failed_rows_since_the_time_back_to_pending_without_touching_credits() {
		user("retry-a");
		row("retry-a", "ra-old", "failed", "2 days");
		for (int i = 0; i < 5; i++) {
			row("retry-a", "ra-" + i, "failed", "10 minutes");
		}
		row("retry-a", "ra-done", "completed", "10 minutes");
		refunded("ra-4", "retry-a");
		long credits = credits();
		BulkQueueActions.RetryFilter filter = new BulkQueueActions.RetryFilter(GenerationTable.LOOPING_FLOW,
				Instant.now().minus(1, ChronoUnit.HOURS), false);

		BulkQueueActions.Preview preview = this.bulk.preview(filter);
		assertThat(preview).isEqualTo(new BulkQueueActions.Preview(4, 1, 0));
		assertThat(status("ra-0")).as("a preview changes nothing").isEqualTo("failed");

		BulkQueueActions.Done done = this.bulk.retry(OPS, filter, preview.rows());
		assertThat(done.changed()).isEqualTo(4);
		assertThat(this.jdbc
			.queryForList("SELECT id FROM looping_flow_generations WHERE status = 'pending' ORDER BY id", String.class))
			.containsExactly("ra-0", "ra-1", "ra-2", "ra-3");
		assertThat(status("ra-4")).as("refunded").isEqualTo("failed");
		assertThat(status("ra-old")).as("failed before the time").isEqualTo("failed");
		assertThat(this.jdbc.queryForMap("""
				SELECT worker_attempts, "completedAt", "errorMessage", worker_last_error
				FROM looping_flow_generations WHERE id = 'ra-0'""")).containsEntry("worker_attempts", 0)
			.containsEntry("completedAt", null)
			.containsEntry("errorMessage", null)
			.hasEntrySatisfying("worker_last_error", (error) -> assertThat((String) error).startsWith(
					"retried from the console (action " + done.actionId() + "); last error: handler exited with 1"));
		assertThat(credits()).as("a retry charges and refunds nothing").isEqualTo(credits);
		assertThat(audit(done.actionId())).isEqualTo("bulk-retry ops done previewed=4 changed=4 rows=4");
	}

	@Test
	void a_retry_including_refunded_rows_runs_them_free_and_leaves_their_one_refund_in_place() {
		user("retry-b");
		row("retry-b", "rb-1", "failed", "5 minutes");
		refunded("rb-1", "retry-b");
		BulkQueueActions.RetryFilter filter = new BulkQueueActions.RetryFilter(GenerationTable.LOOPING_FLOW,
				Instant.now().minus(1, ChronoUnit.HOURS), true);
		assertThat(this.bulk.preview(filter).refundedIncluded()).isEqualTo(1);

		this.bulk.retry(OPS, filter, 1);
		assertThat(status("rb-1")).isEqualTo("pending");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM lumiku_worker.generation_refund WHERE generation_id = 'rb-1'", Long.class))
			.as("the refund stays recorded, so a second failure refunds nothing")
			.isEqualTo(1);
	}

	@Test
	void a_cancel_takes_only_the_users_pending_rows_and_leaves_claimed_ones() {
		user("cancel-a");
		user("cancel-b");
		for (int i = 0; i < 5; i++) {
			row("cancel-a", "ca-" + i, "pending", "1 minute");
		}
		row("cancel-a", "ca-claimed", "processing", "1 minute");
		row("cancel-b", "cb-0", "pending", "1 minute");
		long credits = credits();
		BulkQueueActions.CancelFilter filter = new BulkQueueActions.CancelFilter(Optional.empty(), "cancel-a");
		assertThat(this.bulk.preview(filter).rows()).isEqualTo(5);

		BulkQueueActions.Done done = this.bulk.cancel(OPS, filter, 5);
		assertThat(done.changed()).isEqualTo(5);
		assertThat(status("ca-0")).isEqualTo("cancelled");
		assertThat(this.jdbc.queryForObject("SELECT \"errorMessage\" FROM looping_flow_generations WHERE id = 'ca-4'",
				String.class))
			.isEqualTo("Cancelled by operator");
		assertThat(status("ca-claimed")).isEqualTo("processing");
		assertThat(status("cb-0")).isEqualTo("pending");
		assertThat(credits()).isEqualTo(credits);
		assertThat(audit(done.actionId())).isEqualTo("bulk-cancel ops done previewed=5 changed=5 rows=5");
		assertThat(this.bulk.cancel(OPS, filter, 0).changed()).as("a second cancel finds nothing").isZero();
	}

	private void user(String id) {
		if (this.jdbc.queryForObject("SELECT count(*) FROM users WHERE id = ?", Long.class, id) > 0) {
			return;
		}
		TestRows.user(id).insert(this.jdbc);
		TestRows.credit(id + "-bonus", id).insert(this.jdbc);
		TestRows.project("looping_flow_projects", "p-" + id, id).insert(this.jdbc);
	}

	private void row(String user, String id, String status, String ago) {
		TestRows.loopingFlowGeneration(id, "p-" + user, user)
			.set("status", status)
			.set("worker_attempts", 3)
			.set("worker_last_error", "handler exited with 1")
			.set("errorMessage", "failed")
			.expression("completedAt", "timezone('UTC', now()) - interval '" + ago + "'")
			.expression("createdAt", "timezone('UTC', now()) - interval '" + ago + "' - interval '1 minute'")
			.insert(this.jdbc);
	}

	private void refunded(String generation, String user) {
		this.jdbc.update(
				"""
						INSERT INTO lumiku_worker.generation_refund (generation_table, generation_id, user_id, amount, credit_id)
						VALUES ('looping_flow_generations', ?, ?, 1, ?)""",
				generation, user, "c-" + generation);
	}

	private String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM looping_flow_generations WHERE id = ?", String.class, id);
	}

	private long credits() {
		return this.jdbc.queryForObject("SELECT count(*) FROM credits", Long.class);
	}

	private String audit(long id) {
		return this.jdbc.queryForObject(
				"""
						SELECT a.action || ' ' || a.actor || ' ' || a.status || ' previewed=' || a.previewed
						       || ' changed=' || a.changed || ' rows=' || (SELECT count(*) FROM lumiku_worker.console_action_row r
						                                                    WHERE r.action_id = a.id)
						FROM lumiku_worker.console_action a WHERE a.id = ?""",
				String.class, id);
	}

}
