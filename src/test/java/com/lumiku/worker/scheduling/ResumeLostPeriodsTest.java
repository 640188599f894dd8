package com.lumiku.worker.scheduling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.lumiku.worker.cluster.RecoverOrphanedRuns;
import com.lumiku.worker.run.DatabaseLoss;
import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RestartRun;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which scheduled periods the daemon resumes by itself: only those lost to infrastructure
 * (UNKNOWN, recovered orphans, runs failed on a lost connection, classified when they
 * failed), never a run that failed on its own error, a stopped or manual one, a paused
 * schedule's, an old one or one already resumed too often; and a resumed UNKNOWN period
 * completes from where it was.
 */
@SpringBootTest(properties = { "lumiku.mode=serve", "lumiku.test-jobs.enabled=true",
		"lumiku.scheduling.maintenance-interval=1h", "spring.main.web-application-type=none" })
class ResumeLostPeriodsTest extends WorkerIntegrationTest {

	private static final Path jobsDirectory = jobsDirectory();

	private static final ResumeProperties BOUNDS = new ResumeProperties(true, 3, Duration.ofHours(1));

	@DynamicPropertySource
	static void jobs(DynamicPropertyRegistry registry) {
		registry.add("lumiku.scheduling.jobs-directory", jobsDirectory::toString);
	}

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRepository repository;

	@Autowired
	ResumeLostPeriods resumeLost;

	@Autowired
	Scheduler scheduler;

	@Autowired
	RestartRun restartRun;

	@Autowired
	JobRuns jobRuns;

	@Test
	void only_periods_lost_to_infrastructure_are_selected() throws Exception {
		JobExecution unknown = execution("sel-unknown", "schedule", BatchStatus.UNKNOWN, "", BatchStatus.UNKNOWN);
		JobExecution orphaned = execution("sel-orphaned", "schedule", BatchStatus.FAILED,
				RecoverOrphanedRuns.RECOVERED_MARK, BatchStatus.FAILED);
		JobExecution connection = execution("sel-connection", "schedule", BatchStatus.FAILED,
				DatabaseLoss.marked(
						"PSQLException (SQLState 08006): An I/O error occurred while sending to the backend.",
						"org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk"),
				BatchStatus.FAILED);
		execution("sel-own-error", "schedule", BatchStatus.FAILED,
				"java.lang.IllegalStateException: bad row 42 in test_slow_items", BatchStatus.FAILED);
		execution("sel-stopped", "schedule", BatchStatus.STOPPED, "stopped on request", BatchStatus.STOPPED);
		execution("sel-abandoned", "schedule", BatchStatus.ABANDONED, "", BatchStatus.FAILED);
		execution("sel-manual", "manual", BatchStatus.UNKNOWN, "", BatchStatus.UNKNOWN);
		JobExecution old = execution("sel-old", "schedule", BatchStatus.UNKNOWN, "", BatchStatus.UNKNOWN);
		this.jdbc.update("UPDATE lumiku_worker.job_execution_created SET created_at = now() - interval '2 hours' "
				+ "WHERE job_execution_id = ?", old.getId());
		JobExecution often = execution("sel-often", "schedule", BatchStatus.FAILED, RecoverOrphanedRuns.RECOVERED_MARK,
				BatchStatus.FAILED);
		for (int i = 0; i < 3; i++) {
			often = nextExecution(often, BatchStatus.FAILED, RecoverOrphanedRuns.RECOVERED_MARK);
		}

		assertThat(selected()).containsExactlyInAnyOrder("sel-unknown", "sel-orphaned", "sel-connection");
		assertThat(this.resumeLost.lost().stream().filter((run) -> run.runKey().startsWith("sel-")))
			.extracting(ResumeLostPeriods.LostRun::executionId)
			.containsExactlyInAnyOrder(unknown.getId(), orphaned.getId(), connection.getId());

		this.scheduler.pauseJob(JobKey.jobKey("test-slow", ScheduleSynchronizer.GROUP));
		try {
			assertThat(selected()).as("paused schedule").isEmpty();
		}
		finally {
			this.scheduler.resumeJob(JobKey.jobKey("test-slow", ScheduleSynchronizer.GROUP));
		}
		// leave nothing selectable behind for the other test
		for (String key : List.of("sel-unknown", "sel-orphaned", "sel-connection")) {
			this.jdbc.update("UPDATE lumiku_worker.batch_job_execution SET status = 'ABANDONED' "
					+ "WHERE job_execution_id IN (SELECT job_execution_id FROM lumiku_worker.batch_job_execution_params "
					+ "WHERE parameter_name = 'runKey' AND parameter_value = ?)", key);
		}
	}

	@Test
	void the_rules_on_one_run() {
		ResumeLostPeriods.LostRun unknown = new ResumeLostPeriods.LostRun(1, "test-slow", "k", BatchStatus.UNKNOWN,
				"schedule", "", 1, Duration.ofMinutes(5));
		assertThat(ResumeLostPeriods.why(unknown, false, BOUNDS)).contains(ResumeLostPeriods.Reason.UNKNOWN);
		assertThat(ResumeLostPeriods.why(unknown, true, BOUNDS)).as("paused").isEmpty();
		assertThat(ResumeLostPeriods.why(unknown, false, new ResumeProperties(false, 3, Duration.ofHours(1))))
			.as("disabled")
			.isEmpty();
		assertThat(ResumeLostPeriods.why(withExecutions(unknown, 3), false, BOUNDS)).as("2 resumes so far").isPresent();
		assertThat(ResumeLostPeriods.why(withExecutions(unknown, 4), false, BOUNDS)).as("3 resumes so far").isEmpty();
		assertThat(ResumeLostPeriods.why(
				failed(DatabaseLoss.marked(
						"PSQLException (SQLState 57P01): FATAL: terminating connection due to administrator command",
						"org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk")),
				false, BOUNDS))
			.as("classified when it failed")
			.contains(ResumeLostPeriods.Reason.CONNECTION_LOST);
		assertThat(ResumeLostPeriods.why(failed(
				"java.lang.IllegalStateException: gateway said Connection refused (SQLState: 08006 in its body)"),
				false, BOUNDS))
			.as("words of a lost connection in a run's own error are not a lost connection")
			.isEmpty();
		assertThat(ResumeLostPeriods.why(failed(RestartRun.WAS_UNKNOWN_MARK), false, BOUNDS))
			.as("marked for a restart that did not happen")
			.contains(ResumeLostPeriods.Reason.UNKNOWN);
		assertThat(ResumeLostPeriods.why(failed("org.springframework.dao.DuplicateKeyException: duplicate key"), false,
				BOUNDS))
			.as("own error")
			.isEmpty();
	}

	@Test
	void a_run_whose_connection_is_cut_inside_a_chunk_is_marked_when_it_fails_and_resumed_to_completion() {
		// the writer terminates its own backend at item 12, inside the third chunk's
		// transaction: Spring Batch wraps the loss in FatalStepExecutionException, whose
		// stack trace fills the stored exit description before the cause
		JobExecution failed = this.jobRuns
			.run(new RunRequest("test-slow", Map.of("items", "20", "delayMillis", "1", "cutConnectionAtItem", "12"),
					Optional.of("cut-mid-chunk"), RunRequest.Origin.SCHEDULE));

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		String stored = this.jdbc.queryForObject(
				"SELECT exit_message FROM lumiku_worker.batch_job_execution WHERE job_execution_id = ?", String.class,
				failed.getId());
		assertThat(stored).startsWith(DatabaseLoss.MARK + " (").contains("57P01");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = 'cut-mid-chunk'",
				Long.class))
			.as("the two chunks committed before the cut")
			.isEqualTo(10);
		assertThat(this.resumeLost.lost()).extracting(ResumeLostPeriods.LostRun::executionId).contains(failed.getId());

		assertThat(this.resumeLost.resumeLost()).isEqualTo(1);

		assertThat(this.jdbc.queryForList(
				"SELECT status FROM lumiku_worker.batch_job_execution "
						+ "WHERE job_instance_id = ? ORDER BY job_execution_id",
				String.class, failed.getJobInstance().getInstanceId()))
			.containsExactly("FAILED", "COMPLETED");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FILTER (WHERE item BETWEEN 1 AND 20) || '/' || count(*) FROM test_slow_items "
						+ "WHERE run_key = 'cut-mid-chunk'",
				String.class))
			.as("every item once (the primary key refuses a second)")
			.isEqualTo("20/20");
	}

	@Test
	void a_restart_that_died_before_saving_its_position_is_resumed_from_the_position_before_it() {
		// what the chaos suite found: the first run committed items 1-5 and saved its
		// position; its restart was killed before its first chunk, so its step execution
		// kept the empty context Spring Batch 6 creates it with
		JobExecution first = execution("died-before-saving", "schedule", BatchStatus.FAILED,
				RecoverOrphanedRuns.RECOVERED_MARK, BatchStatus.FAILED);
		StepExecution firstStep = this.repository.getLastStepExecution(first.getJobInstance(), "write-items");
		firstStep.getExecutionContext().putInt("counting.read.count", 5);
		this.repository.updateExecutionContext(firstStep);
		this.jdbc.update("CREATE TABLE IF NOT EXISTS test_slow_items (run_key text, item integer, worker text, "
				+ "PRIMARY KEY (run_key, item))");
		this.jdbc.update("INSERT INTO test_slow_items (run_key, item, worker) "
				+ "SELECT 'died-before-saving', i, 'first' FROM generate_series(1, 5) i");
		JobExecution restart = nextExecution(first, BatchStatus.FAILED, RecoverOrphanedRuns.RECOVERED_MARK);
		StepExecution diedStep = this.repository.createStepExecution("write-items", restart);
		diedStep.setStatus(BatchStatus.FAILED);
		diedStep.setExitStatus(ExitStatus.FAILED);
		this.repository.update(diedStep);
		assertThat(this.repository.getStepExecution(diedStep.getId()).getExecutionContext().isEmpty())
			.as("the dead restart saved no position")
			.isTrue();

		assertThat(this.resumeLost.resumeLost()).isEqualTo(1);

		assertThat(this.jdbc.queryForList(
				"SELECT status FROM lumiku_worker.batch_job_execution "
						+ "WHERE job_instance_id = ? ORDER BY job_execution_id",
				String.class, first.getJobInstance().getInstanceId()))
			.containsExactly("FAILED", "FAILED", "COMPLETED");
		assertThat(this.jdbc.queryForList(
				"SELECT worker FROM test_slow_items WHERE run_key = 'died-before-saving' ORDER BY item", String.class))
			.as("items 1-5 from the first run, 6-10 from the resume, none written again")
			.containsExactly("first", "first", "first", "first", "first", "local", "local", "local", "local", "local");
	}

	@Test
	void a_run_that_fails_on_its_own_error_is_not_marked_nor_resumed() {
		this.jdbc.update("CREATE TABLE IF NOT EXISTS test_slow_items (run_key text, item integer, worker text, "
				+ "PRIMARY KEY (run_key, item))");
		this.jdbc.update("INSERT INTO test_slow_items (run_key, item, worker) VALUES ('own-error', 3, 'test')");

		JobExecution failed = this.jobRuns.run(new RunRequest("test-slow", Map.of("items", "10", "delayMillis", "1"),
				Optional.of("own-error"), RunRequest.Origin.SCHEDULE));

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).doesNotContain(DatabaseLoss.MARK);
		assertThat(this.resumeLost.lost()).extracting(ResumeLostPeriods.LostRun::executionId)
			.doesNotContain(failed.getId());
		this.jdbc.update("UPDATE lumiku_worker.batch_job_execution SET status = 'ABANDONED' WHERE job_execution_id = ?",
				failed.getId());
	}

	@Test
	void a_period_left_unknown_is_resumed_and_completes_from_where_it_was() {
		JobExecution unknown = execution("resume-unknown", "schedule", BatchStatus.UNKNOWN, "", BatchStatus.UNKNOWN);

		int resumed = this.resumeLost.resumeLost();

		assertThat(resumed).isEqualTo(1);
		List<String> statuses = this.jdbc.queryForList(
				"SELECT e.status FROM lumiku_worker.batch_job_execution e "
						+ "WHERE e.job_instance_id = ? ORDER BY e.job_execution_id",
				String.class, unknown.getJobInstance().getInstanceId());
		assertThat(statuses).containsExactly("FAILED", "COMPLETED");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = 'resume-unknown'",
				Long.class))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForObject(
				"SELECT status FROM lumiku_worker.batch_step_execution WHERE job_execution_id = ?", String.class,
				unknown.getId()))
			.isEqualTo("FAILED");
		assertThat(this.resumeLost.resumeLost()).as("nothing left to resume").isZero();
	}

	@Test
	void a_period_left_unknown_with_its_step_still_started_is_resumed_too() {
		// what the chaos suite's PostgreSQL restart left: the run UNKNOWN, its step
		// STARTED
		JobExecution unknown = execution("resume-step-started", "schedule", BatchStatus.UNKNOWN, "",
				BatchStatus.STARTED);

		assertThat(this.resumeLost.resumeLost()).isEqualTo(1);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = ?", Long.class,
				"resume-step-started"))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForObject(
				"SELECT status FROM lumiku_worker.batch_job_execution WHERE job_instance_id = ? "
						+ "ORDER BY job_execution_id DESC LIMIT 1",
				String.class, unknown.getJobInstance().getInstanceId()))
			.isEqualTo("COMPLETED");
	}

	@Test
	void a_run_failed_on_a_lost_connection_with_its_step_still_started_is_resumed_too() {
		// what the chaos suite's PostgreSQL restart left (seed 4600484627388766154): the
		// step's end could not be saved while the database was down, the run's could once
		// it was back
		JobExecution failed = execution("failed-step-started", "schedule", BatchStatus.FAILED,
				DatabaseLoss.marked("PSQLException (SQLState 08001): Connection to localhost:36675 refused", ""),
				BatchStatus.STARTED);

		assertThat(this.resumeLost.resumeLost()).isEqualTo(1);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = ?", Long.class,
				"failed-step-started"))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForList("SELECT s.status FROM lumiku_worker.batch_step_execution s "
				+ "JOIN lumiku_worker.batch_job_execution e USING (job_execution_id) WHERE e.job_instance_id = ? "
				+ "ORDER BY s.step_execution_id", String.class, failed.getJobInstance().getInstanceId()))
			.containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void two_resumes_of_one_period_at_once_restart_it_once() throws Exception {
		JobExecution unknown = execution("resume-twice", "schedule", BatchStatus.UNKNOWN, "", BatchStatus.UNKNOWN);
		this.jdbc.update("UPDATE lumiku_worker.batch_job_execution_params SET parameter_value = '100' "
				+ "WHERE job_execution_id = ? AND parameter_name = 'delayMillis'", unknown.getId());
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			assertThat(restartTwiceAtOnce(threads, unknown.getId())).containsExactlyInAnyOrder("COMPLETED", "refused");
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM lumiku_worker.batch_job_execution WHERE job_instance_id = ?", Long.class,
				unknown.getJobInstance().getInstanceId()))
			.as("the lost execution and one restart")
			.isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = 'resume-twice'",
				Long.class))
			.isEqualTo(10);
	}

	@Test
	void two_resumes_of_one_short_period_at_once_never_run_it_twice() throws Exception {
		// the chaos suite's case: a period of a few milliseconds, resumed by two workers
		// at once; Spring Batch's own check (before the execution's insert, outside its
		// transaction) let both run it to COMPLETED
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int period = 0; period < 10; period++) {
				String runKey = "short-twice-" + period;
				JobExecution lost = execution(runKey, "schedule", BatchStatus.UNKNOWN, "", BatchStatus.UNKNOWN);
				this.jdbc.update("UPDATE lumiku_worker.batch_job_execution_params SET parameter_value = '0' "
						+ "WHERE job_execution_id = ? AND parameter_name = 'delayMillis'", lost.getId());
				this.restartRun.check(lost.getId());
				// the first resume marks it FAILED; both then race for the restart
				this.jdbc.update("UPDATE lumiku_worker.batch_job_execution SET status = 'FAILED' "
						+ "WHERE job_execution_id = ?", lost.getId());
				this.jdbc.update("UPDATE lumiku_worker.batch_step_execution SET status = 'FAILED' "
						+ "WHERE job_execution_id = ?", lost.getId());
				List<String> outcomes = restartTwiceAtOnce(threads, lost.getId());
				assertThat(this.jdbc.queryForObject(
						"SELECT count(*) FROM lumiku_worker.batch_job_execution "
								+ "WHERE job_instance_id = ? AND status = 'COMPLETED'",
						Long.class, lost.getJobInstance().getInstanceId()))
					.as("completed executions of %s (outcomes %s)", runKey, outcomes)
					.isEqualTo(1);
				assertThat(outcomes).as(runKey).containsExactlyInAnyOrder("COMPLETED", "refused");
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void an_older_execution_a_frozen_worker_left_unknown_does_not_block_the_resume() {
		// chaos seed 7604312389010728539: the first holder was frozen past its liveness,
		// its
		// run recovered and resumed twice by workers then killed; when it woke it saved
		// its
		// run's end, turning the recovered FAILED into UNKNOWN
		JobExecution frozen = execution("frozen-holder", "schedule", BatchStatus.FAILED,
				RecoverOrphanedRuns.RECOVERED_MARK, BatchStatus.FAILED);
		JobExecution last = nextExecution(frozen, BatchStatus.FAILED, RecoverOrphanedRuns.RECOVERED_MARK);
		this.jdbc.update("UPDATE lumiku_worker.batch_job_execution SET status = 'UNKNOWN' WHERE job_execution_id = ?",
				frozen.getId());

		assertThat(this.resumeLost.resumeLost()).isEqualTo(1);

		assertThat(this.jdbc.queryForList(
				"SELECT status FROM lumiku_worker.batch_job_execution "
						+ "WHERE job_instance_id = ? ORDER BY job_execution_id",
				String.class, last.getJobInstance().getInstanceId()))
			.containsExactly("UNKNOWN", "FAILED", "COMPLETED");
	}

	@Test
	void the_database_refuses_a_second_execution_of_a_running_or_completed_run() {
		for (BatchStatus status : List.of(BatchStatus.STARTED, BatchStatus.COMPLETED)) {
			JobExecution execution = execution("second-of-" + status, "schedule", status, "", status);

			assertThatThrownBy(() -> this.repository.createJobExecution(execution.getJobInstance(),
					execution.getJobParameters(), new ExecutionContext()))
				.as(status.name())
				.hasMessageContaining("already has execution " + execution.getId() + " (" + status + ")")
				.rootCause()
				.isInstanceOfSatisfying(java.sql.SQLException.class,
						(sql) -> assertThat(sql.getSQLState()).isEqualTo("LW001"));
			this.jdbc.update(
					"UPDATE lumiku_worker.batch_job_execution SET status = 'ABANDONED' " + "WHERE job_execution_id = ?",
					execution.getId());
		}
	}

	/** Two restarts of one execution started at the same moment: each one's outcome. */
	private List<String> restartTwiceAtOnce(ExecutorService threads, long executionId) throws Exception {
		CyclicBarrier start = new CyclicBarrier(2);
		Callable<String> resume = () -> {
			start.await();
			try {
				return this.restartRun.restart(executionId).getStatus().name();
			}
			catch (JobConflictException ex) {
				return "refused";
			}
		};
		Future<String> first = threads.submit(resume);
		Future<String> second = threads.submit(resume);
		return List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
	}

	private List<String> selected() {
		return this.resumeLost.lost()
			.stream()
			.map(ResumeLostPeriods.LostRun::runKey)
			.filter((key) -> key.startsWith("sel-"))
			.toList();
	}

	private static ResumeLostPeriods.LostRun failed(String message) {
		return new ResumeLostPeriods.LostRun(1, "test-slow", "k", BatchStatus.FAILED, "schedule", message, 1,
				Duration.ofMinutes(1));
	}

	private static ResumeLostPeriods.LostRun withExecutions(ResumeLostPeriods.LostRun run, int executions) {
		return new ResumeLostPeriods.LostRun(run.executionId(), run.jobName(), run.runKey(), run.status(), run.origin(),
				run.exitMessages(), executions, run.periodAge());
	}

	/** A 10-item run of test-slow that ended as given inside its step. */
	private JobExecution execution(String runKey, String origin, BatchStatus status, String exitMessage,
			BatchStatus stepStatus) {
		JobInstance instance = this.repository.createJobInstance("test-slow",
				new JobParametersBuilder().addString(JobRuns.RUN_KEY, runKey, true).toJobParameters());
		JobExecution execution = this.repository.createJobExecution(instance,
				new JobParametersBuilder().addString(JobRuns.RUN_KEY, runKey, true)
					.addString(JobRuns.ORIGIN, origin, false)
					.addString("items", "10", false)
					.addString("delayMillis", "1", false)
					.toJobParameters(),
				new ExecutionContext());
		end(execution, status, exitMessage);
		StepExecution step = this.repository.createStepExecution("write-items", execution);
		step.setStatus(stepStatus);
		step.setStartTime(LocalDateTime.now());
		step.setEndTime(LocalDateTime.now());
		step.setExitStatus(new ExitStatus(stepStatus.name(), exitMessage));
		this.repository.update(step);
		return execution;
	}

	private JobExecution nextExecution(JobExecution previous, BatchStatus status, String exitMessage) {
		JobExecution execution = this.repository.createJobExecution(previous.getJobInstance(),
				previous.getJobParameters(), new ExecutionContext());
		end(execution, status, exitMessage);
		return execution;
	}

	private void end(JobExecution execution, BatchStatus status, String exitMessage) {
		execution.setStatus(status);
		execution.setStartTime(LocalDateTime.now());
		execution.setEndTime(LocalDateTime.now());
		execution.setExitStatus(new ExitStatus(status.name(), exitMessage));
		this.repository.update(execution);
	}

	private static Path jobsDirectory() {
		try {
			Path directory = Files.createTempDirectory("lumiku-resume-jobs");
			// scheduled, so its periods are eligible, but never firing during the test
			Files.writeString(directory.resolve("test-slow.yml"), """
					job: test-slow
					cron: "0 0 0 1 1 ? 2099"
					parameters:
					  items: 10
					  delayMillis: 1
					""");
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
