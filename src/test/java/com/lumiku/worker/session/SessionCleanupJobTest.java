package com.lumiku.worker.session;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.BulkTestData;
import com.lumiku.worker.operator.JobControl;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code session-cleanup} through Spring Batch, against the shipped {@code jobs/} files
 * (whose {@code session-cleanup.yml} keeps sessions 30 days after expiry): a manual run
 * starts from them; most tests here give {@code keepExpiredFor=0s}.
 */
@SpringBootTest
class SessionCleanupJobTest extends WorkerIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	@Autowired
	JobControl control;

	@Autowired
	JobOperator operator;

	@Autowired
	@Qualifier("sessionCleanupJob")
	Job job;

	private BulkTestData data;

	private LocalDateTime now;

	@BeforeEach
	void givenAUser() {
		this.data = new BulkTestData(this.jdbc);
		this.data.clear();
		this.data.user("u1");
		this.now = this.data.now();
	}

	@Test
	void a_manual_run_without_parameters_keeps_the_sessions_the_schedule_file_keeps() {
		this.data.session("expired-31d", "u1", this.now.minusDays(31));
		this.data.session("expired-29d", "u1", this.now.minusDays(29));

		JobExecution run = this.runs.run(RunRequest.manual("session-cleanup", Map.of()));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(sessionIds()).as("jobs/session-cleanup.yml keeps sessions 30 days after expiry")
			.containsExactly("expired-29d");
		assertThat(run.getJobParameters().getString("keepExpiredFor")).isEqualTo("30d");
	}

	@Test
	void an_operators_parameter_overrides_the_schedule_files_and_the_others_still_come_from_the_file() {
		this.data.session("expired-31d", "u1", this.now.minusDays(31));
		this.data.session("expired-29d", "u1", this.now.minusDays(29));
		this.data.device("seen-2d-ago", "u1", this.now.minusDays(2));
		this.data.device("seen-now", "u1", this.now);

		JobControl.RunView run = this.control.runAndWait("session-cleanup", Map.of("devicesInactiveFor", "1d"),
				Optional.empty());

		assertThat(run.status()).isEqualTo("COMPLETED");
		assertThat(this.jdbc.queryForList("SELECT id FROM devices", String.class)).containsExactly("seen-now");
		assertThat(sessionIds()).containsExactly("expired-29d");
		assertThat(run.parameters()).containsEntry("devicesInactiveFor", "1d").containsEntry("keepExpiredFor", "30d");
	}

	@Test
	void a_runs_parameters_echo_as_written_in_its_view_and_its_history() {
		JobControl.RunView run = this.control.runAndWait("session-cleanup",
				Map.of("keepExpiredFor", "180d", "pause", "PT0.1S", "batchSize", "700"), Optional.empty());

		assertThat(run.parameters()).containsEntry("keepExpiredFor", "180d")
			.containsEntry("pause", "PT0.1S")
			.containsEntry("batchSize", "700")
			.containsEntry("devicesInactiveFor", "180d")
			.containsEntry("maxRunTime", "15m");
		assertThat(this.control.history("session-cleanup", 1)).singleElement()
			.satisfies((last) -> assertThat(last.parameters()).isEqualTo(run.parameters()));
	}

	@Test
	void spring_batch_refuses_parameters_the_job_does_not_accept_whoever_launches_it() {
		assertThatThrownBy(() -> this.operator.start(this.job,
				new JobParametersBuilder().addString("runKey", "direct").addString("batchSize", "0").toJobParameters()))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'batchSize': must be from 1 to 100000, got 0");
		assertThat(this.runs.lastExecution("session-cleanup", "direct")).isEmpty();
	}

	@Test
	void a_run_asked_to_stop_during_a_long_pause_stops_at_once() {
		for (int i = 0; i < 5; i++) {
			this.data.session("old-" + i, "u1", this.now.minusMinutes(5 + i));
		}
		JobControl.RunView started = this.control.runInBackground("session-cleanup",
				Map.of("keepExpiredFor", "0s", "batchSize", "1", "pause", "10m"), Optional.empty());
		await().atMost(Duration.ofSeconds(20)).until(() -> sessionIds().size() == 4);

		long asked = System.nanoTime();
		this.control.stop(started.executionId());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.control.run(started.executionId()).status().equals("STOPPED"));

		assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
		assertThat(sessionIds()).as("no batch after the stop request").hasSize(4);
	}

	@Test
	void expired_sessions_are_deleted_in_batches_and_live_ones_are_kept() {
		for (int i = 0; i < 25; i++) {
			this.data.session("old-" + i, "u1", this.now.minusMinutes(5 + i));
		}
		this.data.session("live", "u1", this.now.plusMinutes(30));

		JobExecution run = run(Map.of("batchSize", "10"));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(sessionIds()).containsExactly("live");
		StepExecution step = step(run, "delete-expired-sessions");
		assertThat(step(run, "delete-expired-sessions-part:1-of-1").getExecutionContext().getString("strategy"))
			.isEqualTo("index");
		assertThat(step.getWriteCount()).isEqualTo(25);
		assertThat(step.getExitStatus().getExitDescription()).contains("deleted 25 sessions; none left");
		assertThat(run.getExitStatus().getExitDescription()).as("the run says what each step did")
			.isEqualTo("deleted 25 sessions; none left; deleted 0 devices; none left");
		assertThat(run(Map.of("batchSize", "10")).getStepExecutions()).allMatch((s) -> s.getWriteCount() == 0);
	}

	@Test
	void a_backlog_is_deleted_in_one_pass_over_the_pages_and_only_expired_rows_go() {
		givenABacklogOf3000SessionsOneInSixLive();

		JobExecution run = run(Map.of("batchSize", "100"));

		assertThat(step(run, "delete-expired-sessions-part:1-of-1").getExecutionContext().getString("strategy"))
			.isEqualTo("blocks");
		assertThat(step(run, "delete-expired-sessions").getWriteCount()).isEqualTo(2500);
		assertOnlyTheBacklogsLiveSessionsAreLeft();
	}

	@Test
	void a_backlog_split_in_page_ranges_is_deleted_by_partitions_at_once_each_row_once() {
		givenABacklogOf3000SessionsOneInSixLive();

		JobExecution run = run(Map.of("batchSize", "100", "parallelism", "3"));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> parts = List.of(step(run, "delete-expired-sessions-part:1-of-3"),
				step(run, "delete-expired-sessions-part:2-of-3"), step(run, "delete-expired-sessions-part:3-of-3"));
		assertThat(parts).allSatisfy((part) -> {
			assertThat(part.getExecutionContext().getString("strategy")).isEqualTo("blocks");
			assertThat(part.getWriteCount()).isPositive();
		});
		// consecutive page ranges, each gone through to its end, one cutoff
		assertThat(parts).extracting((part) -> part.getExecutionContext().getLong("endBlock"))
			.isSorted()
			.doesNotHaveDuplicates()
			.allMatch((end) -> end > 0);
		assertThat(parts).allMatch((part) -> part.getExecutionContext()
			.getLong("nextBlock") == part.getExecutionContext().getLong("endBlock"));
		assertThat(parts).extracting((part) -> part.getExecutionContext().getString("cutoff"))
			.containsOnly(parts.get(0).getExecutionContext().getString("cutoff"));
		assertThat(parts.stream().mapToLong(StepExecution::getWriteCount).sum()).isEqualTo(2500);
		assertThat(step(run, "delete-expired-sessions").getWriteCount()).isEqualTo(2500);
		assertOnlyTheBacklogsLiveSessionsAreLeft();
	}

	@Test
	void a_big_table_is_judged_a_backlog_from_a_sample_of_its_pages() {
		givenABacklog(250_000, 5);
		assertThat(this.data.count("SELECT pg_relation_size('sessions') / 8192"))
			.isGreaterThan(4 * DeleteOlderThan.SAMPLED_BLOCKS);

		JobExecution run = run(Map.of("batchSize", "20000", "parallelism", "2"));

		assertThat(step(run, "delete-expired-sessions-part:1-of-2").getExecutionContext().getString("strategy"))
			.isEqualTo("blocks");
		assertThat(step(run, "delete-expired-sessions").getWriteCount()).isEqualTo(200_000);
		assertThat(this.data.count("SELECT count(*) FROM sessions")).isEqualTo(50_000);
	}

	@Test
	void a_partitioned_run_stopped_midway_restarts_each_unfinished_partition_where_it_stopped() {
		givenABacklogOf3000SessionsOneInSixLive();
		JobControl.RunView started = this.control.runInBackground("session-cleanup",
				Map.of("keepExpiredFor", "0s", "batchSize", "100", "pause", "150ms", "parallelism", "2"),
				Optional.empty());
		await().atMost(Duration.ofSeconds(20)).until(() -> sessionIds().size() <= 2700);
		this.control.stop(started.executionId());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.control.run(started.executionId()).status().equals("STOPPED"));
		long leftWhenStopped = this.data.count("SELECT count(*) FROM sessions");
		assertThat(leftWhenStopped).isGreaterThan(500);

		JobControl.RunView restarted = this.control.restartAndWait(started.executionId());

		assertThat(restarted.status()).isEqualTo("COMPLETED");
		assertOnlyTheBacklogsLiveSessionsAreLeft();
		// the restart went on from the saved page positions: both partitions, one plan
		JobExecution again = this.runs.require(restarted.executionId());
		assertThat(again.getStepExecutions()).extracting(StepExecution::getStepName)
			.contains("delete-expired-sessions-part:1-of-2", "delete-expired-sessions-part:2-of-2");
		assertThat(again.getStepExecutions()
			.stream()
			.filter((s) -> s.getStepName().startsWith("delete-expired-sessions-part"))
			.mapToLong(StepExecution::getWriteCount)
			.sum()).isEqualTo(leftWhenStopped - 500);
	}

	@Test
	void keep_expired_for_keeps_recently_expired_sessions() {
		this.data.session("expired-31d", "u1", this.now.minusDays(31));
		this.data.session("expired-29d", "u1", this.now.minusDays(29));

		run(Map.of("keepExpiredFor", "30d"));

		assertThat(sessionIds()).containsExactly("expired-29d");
	}

	@Test
	void a_session_expiring_exactly_at_the_cutoff_is_expired_and_one_a_millisecond_later_is_not() {
		LocalDateTime cutoff = this.now.minusHours(1).withNano(123_000_000);
		this.data.session("at-cutoff", "u1", cutoff);
		this.data.session("after-cutoff", "u1", cutoff.plusNanos(1_000_000));
		ExecutionContext context = new ExecutionContext();
		context.putString("cutoff", cutoff.toString());

		BatchedWork.Result result = new DeleteOlderThan("sessions", "expiresAt", Duration.ZERO).deleteBatch(this.jdbc,
				100, context);

		assertThat(result.changed()).isEqualTo(1);
		assertThat(sessionIds()).containsExactly("after-cutoff");
	}

	@Test
	void devices_inactive_too_long_are_trimmed() {
		this.data.device("stale", "u1", this.now.minusDays(200));
		this.data.device("recent", "u1", this.now.minusDays(2));

		run(Map.of("devicesInactiveFor", "180d"));

		assertThat(this.jdbc.queryForList("SELECT id FROM devices", String.class)).containsExactly("recent");
	}

	@Test
	void a_dry_run_counts_and_deletes_nothing() {
		this.data.session("old", "u1", this.now.minusDays(1));

		JobExecution run = run(Map.of("dryRun", "true"));

		assertThat(sessionIds()).containsExactly("old");
		assertThat(step(run, "delete-expired-sessions").getExitStatus().getExitDescription())
			.contains("dry run: 1 rows to go (deleted-sessions); nothing changed");
	}

	@Test
	void a_run_stopped_midway_restarts_where_it_stopped_and_finishes() {
		for (int i = 0; i < 40; i++) {
			this.data.session("old-" + i, "u1", this.now.minusMinutes(5 + i));
		}
		this.data.session("live", "u1", this.now.plusDays(1));
		JobControl.RunView started = this.control.runInBackground("session-cleanup",
				Map.of("keepExpiredFor", "0s", "batchSize", "4", "pause", "150ms", "parallelism", "2"),
				Optional.empty());
		await().atMost(Duration.ofSeconds(20)).until(() -> sessionIds().size() <= 33);
		this.control.stop(started.executionId());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.control.run(started.executionId()).status().equals("STOPPED"));
		assertThat(sessionIds()).hasSizeGreaterThan(1);

		JobControl.RunView restarted = this.control.restartAndWait(started.executionId());

		assertThat(restarted.status()).isEqualTo("COMPLETED");
		assertThat(sessionIds()).containsExactly("live");
	}

	private void givenABacklogOf3000SessionsOneInSixLive() {
		givenABacklog(3000, 6);
	}

	/**
	 * A sessions table of {@code sessions} rows, expired a day ago but one in
	 * {@code oneLiveIn} that expires in a day, without the empty pages earlier tests left
	 * (so every page range has rows), vacuumed and analyzed.
	 */
	private void givenABacklog(int sessions, int oneLiveIn) {
		this.jdbc.execute("TRUNCATE sessions");
		this.jdbc.update("""
				INSERT INTO sessions (id, "userId", token, "expiresAt")
				SELECT 'bulk-' || n, 'u1', 'token-bulk-' || n,
				       (now() AT TIME ZONE 'UTC')
				       + CASE WHEN n % ? = 0 THEN interval '1 day' ELSE interval '-1 day' END
				FROM generate_series(1, ?) n""", oneLiveIn, sessions);
		this.jdbc.execute("VACUUM ANALYZE sessions");
	}

	private void assertOnlyTheBacklogsLiveSessionsAreLeft() {
		assertThat(this.data.count("SELECT count(*) FROM sessions")).isEqualTo(500);
		assertThat(this.data.count("SELECT count(*) FROM sessions WHERE \"expiresAt\" < now() AT TIME ZONE 'UTC'"))
			.isZero();
	}

	/** A manual run; {@code keepExpiredFor} is 0s unless given (the file's is 30d). */
	private JobExecution run(Map<String, String> parameters) {
		Map<String, String> withoutRetention = new HashMap<>(parameters);
		withoutRetention.putIfAbsent("keepExpiredFor", "0s");
		return this.runs.run(RunRequest.manual("session-cleanup", withoutRetention));
	}

	private List<String> sessionIds() {
		return this.jdbc.queryForList("SELECT id FROM sessions ORDER BY id", String.class);
	}

	static StepExecution step(JobExecution run, String name) {
		return run.getStepExecutions().stream().filter((s) -> s.getStepName().equals(name)).findFirst().orElseThrow();
	}

}
