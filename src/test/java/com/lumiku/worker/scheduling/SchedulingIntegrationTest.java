package com.lumiku.worker.scheduling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.cluster.ExecutionSupervisor;
import com.lumiku.worker.cluster.WorkerIdentity;
import com.lumiku.worker.operator.JobControl;
import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.run.UnknownJobException;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The scheduling core in one daemon: a schedule file fires and its runs are recorded;
 * pause and resume; stop and restart from where it stopped; a period runs once; a dead
 * worker's execution is recovered.
 */
@SpringBootTest(properties = { "lumiku.mode=serve", "lumiku.test-jobs.enabled=true",
		"lumiku.scheduling.maintenance-interval=1h", "spring.main.web-application-type=none" })
class SchedulingIntegrationTest extends WorkerIntegrationTest {

	private static final Path jobsDirectory = jobsDirectory();

	@DynamicPropertySource
	static void jobs(DynamicPropertyRegistry registry) {
		registry.add("lumiku.scheduling.jobs-directory", jobsDirectory::toString);
	}

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Scheduler scheduler;

	@Autowired
	JobRuns runs;

	@Autowired
	JobRepository repository;

	@Autowired
	ExecutionSupervisor supervisor;

	@Autowired
	JobControl control;

	@Autowired
	WorkerIdentity identity;

	@Test
	void a_schedule_fires_and_each_tick_is_recorded_once_with_its_fire_time_as_run_key() {
		await().atMost(Duration.ofSeconds(20)).until(() -> ticks() >= 3);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM (SELECT run_key FROM test_ticks GROUP BY run_key HAVING count(*) > 1) twice",
				Integer.class))
			.isZero();
		assertThat(this.jdbc.queryForList("SELECT run_key FROM test_ticks", String.class))
			.allMatch((key) -> key.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
	}

	@Test
	void a_paused_job_does_not_fire_until_resumed() throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> ticks() >= 1);
		this.control.pause("test-tick");
		assertThat(this.control.job("test-tick").paused()).isTrue();
		// a tick that was already firing may still finish; then it falls silent (it ticks
		// every second when it runs)
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.queryForObject(
					"SELECT count(*) FROM test_ticks WHERE at > now() - interval '3.5 seconds'", Long.class) == 0);
		long pausedAt = ticks();
		this.control.resume("test-tick");
		await().atMost(Duration.ofSeconds(10)).until(() -> ticks() > pausedAt);
	}

	@Test
	void a_stopped_run_restarts_from_where_it_stopped_and_writes_every_item_once() throws Exception {
		JobControl.RunView started = stoppedSlowRun();
		long writtenBeforeRestart = items(started.runKey());
		assertThat(writtenBeforeRestart).isBetween(10L, 39L);
		assertThat(this.control.run(started.executionId()).exitMessage())
			.isEqualTo("stopped on request at a chunk boundary; jobs restart " + started.executionId() + " carries on");

		JobControl.RunView restarted = this.control.restartAndWait(started.executionId());

		assertThat(restarted.status()).isEqualTo("COMPLETED");
		assertThat(restarted.runKey()).isEqualTo(started.runKey());
		assertThat(items(started.runKey())).isEqualTo(40);
	}

	@Test
	void a_run_left_unknown_by_a_failed_save_restarts_from_where_it_was_when_an_operator_asks() throws Exception {
		JobControl.RunView started = stoppedSlowRun();
		// what Spring Batch leaves when the database goes away while a step saves itself
		this.jdbc.update("UPDATE lumiku_worker.batch_job_execution SET status = 'UNKNOWN', exit_code = 'UNKNOWN' "
				+ "WHERE job_execution_id = ?", started.executionId());

		JobControl.RunView restarted = this.control.restartAndWait(started.executionId());

		assertThat(restarted.status()).isEqualTo("COMPLETED");
		assertThat(items(started.runKey())).isEqualTo(40);
		assertThat(this.control.run(started.executionId()).status()).isEqualTo("FAILED");
		assertThat(this.control.run(started.executionId()).exitMessage()).contains("was UNKNOWN");
	}

	@Test
	void the_same_run_key_is_refused_once_it_completed() {
		// test-slow: test-tick is scheduled every second here, and a job runs once at a
		// time
		Map<String, String> quick = Map.of("items", "3", "delayMillis", "1");
		JobExecution first = this.runs
			.run(new RunRequest("test-slow", quick, Optional.of("2026-01-01"), RunRequest.Origin.MANUAL));
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThatThrownBy(() -> this.runs
			.run(new RunRequest("test-slow", quick, Optional.of("2026-01-01"), RunRequest.Origin.MANUAL)))
			.isInstanceOf(JobConflictException.class)
			.hasMessageContaining("already completed run key '2026-01-01'");
	}

	@Test
	void unknown_jobs_and_bad_parameters_are_refused_before_anything_runs() {
		assertThatThrownBy(() -> this.runs.run(RunRequest.manual("no-such-job", Map.of())))
			.isInstanceOf(UnknownJobException.class)
			.hasMessageContaining("known jobs:");
		assertThatThrownBy(() -> this.runs.run(RunRequest.manual("test-slow", Map.of("items", "many"))))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("items");
		assertThatThrownBy(() -> this.runs.run(RunRequest.manual("test-slow", Map.of("itemz", "5"))))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("itemz");
	}

	@Test
	void an_execution_left_started_by_a_dead_worker_is_made_restartable_and_completes_on_restart() {
		JobExecution orphan = startedExecution("orphan-1", Optional.of("a-worker-that-died"));

		this.supervisor.superviseOnce();

		JobExecution recovered = this.runs.require(orphan.getId());
		assertThat(recovered.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(recovered.getStepExecutions()).singleElement()
			.satisfies((failed) -> assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED));
		JobControl.RunView restarted = this.control.restartAndWait(orphan.getId());
		assertThat(restarted.status()).isEqualTo("COMPLETED");
		assertThat(restarted.runKey()).isEqualTo("orphan-1");
		assertThat(items("orphan-1")).isEqualTo(10);
	}

	@Test
	void a_restart_of_an_execution_a_live_worker_runs_is_refused_and_leaves_it_running() {
		JobExecution running = startedExecution("live-1", Optional.of("a-live-worker"));
		this.jdbc.update(
				"INSERT INTO lumiku_worker.worker_instance (id, host, pid, mode) VALUES (?, 'elsewhere', 1, 'serve')",
				"a-live-worker");

		assertThatThrownBy(() -> this.control.restartAndWait(running.getId())).isInstanceOf(JobConflictException.class)
			.hasMessageContaining("Execution " + running.getId()
					+ " of 'test-slow' is running on worker a-live-worker; stop it first");
		assertThatThrownBy(() -> this.control.restartInBackground(running.getId()))
			.isInstanceOf(JobConflictException.class)
			.hasMessageContaining("is running on worker a-live-worker");

		assertThat(this.runs.require(running.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
		assertThat(this.repository.getJobExecutions(running.getJobInstance())).as("executions of the run").hasSize(1);

		// the other worker goes away: its run is now an orphan, recovered, so that other
		// tests on this database can run test-slow
		this.jdbc.update("DELETE FROM lumiku_worker.worker_instance WHERE id = 'a-live-worker'");
		this.supervisor.superviseOnce();
		assertThat(this.runs.require(running.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void an_unclaimed_execution_is_aged_by_the_database_clock_not_by_its_writers_clock() {
		JobExecution unclaimed = startedExecution("unclaimed-1", Optional.empty());
		// the creating node's clock was a day ahead of this one: its CREATE_TIME is no
		// age
		this.jdbc.update(
				"UPDATE lumiku_worker.batch_job_execution SET create_time = create_time - interval '1 day' WHERE job_execution_id = ?",
				unclaimed.getId());

		this.supervisor.superviseOnce();
		assertThat(this.runs.require(unclaimed.getId()).getStatus()).as("created seconds ago by now()")
			.isEqualTo(BatchStatus.STARTED);

		this.jdbc.update(
				"UPDATE lumiku_worker.job_execution_created SET created_at = now() - interval '1 hour' WHERE job_execution_id = ?",
				unclaimed.getId());
		this.supervisor.superviseOnce();
		assertThat(this.runs.require(unclaimed.getId()).getStatus()).as("created an hour ago by now()")
			.isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void a_run_of_this_worker_with_no_thread_behind_it_is_made_restartable() {
		JobExecution lost = startedExecution("lost-1", Optional.of(this.identity.id()));

		this.supervisor.superviseOnce();

		assertThat(this.runs.require(lost.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.control.restartAndWait(lost.getId()).status()).isEqualTo("COMPLETED");
	}

	/**
	 * An execution of test-slow left STARTED inside its step, claimed by a worker or not.
	 */
	private JobExecution startedExecution(String runKey, Optional<String> owner) {
		JobInstance instance = this.repository.createJobInstance("test-slow",
				new JobParametersBuilder().addString(JobRuns.RUN_KEY, runKey, true).toJobParameters());
		JobExecution execution = this.repository.createJobExecution(instance,
				new JobParametersBuilder().addString(JobRuns.RUN_KEY, runKey, true)
					.addLong("items", 10L, false)
					.addLong("delayMillis", 1L, false)
					.toJobParameters(),
				new org.springframework.batch.infrastructure.item.ExecutionContext());
		execution.setStatus(BatchStatus.STARTED);
		execution.setStartTime(java.time.LocalDateTime.now());
		this.repository.update(execution);
		org.springframework.batch.core.step.StepExecution step = this.repository.createStepExecution("write-items",
				execution);
		step.setStatus(BatchStatus.STARTED);
		step.setStartTime(java.time.LocalDateTime.now());
		this.repository.update(step);
		owner.ifPresent((worker) -> this.jdbc.update(
				"INSERT INTO lumiku_worker.job_execution_owner (job_execution_id, worker_id) VALUES (?, ?)",
				execution.getId(), worker));
		return execution;
	}

	@Test
	void the_schedule_file_is_in_quartz_with_its_policy() throws Exception {
		assertThat(this.scheduler.checkExists(JobKey.jobKey("test-tick", ScheduleSynchronizer.GROUP))).isTrue();
		assertThat(this.control.job("test-tick").cron()).contains("*/1 * * * * ?");
		assertThat(this.control.job("job-history-prune").scheduled()).isFalse();
	}

	private long ticks() {
		return count("test_ticks");
	}

	/** A 40-item run of test-slow, stopped once it wrote at least 10 items. */
	private JobControl.RunView stoppedSlowRun() {
		JobControl.RunView started = this.control.runInBackground("test-slow",
				Map.of("items", "40", "delayMillis", "50"), Optional.empty());
		await().atMost(Duration.ofSeconds(20)).until(() -> items(started.runKey()) >= 10);
		this.control.stop(started.executionId());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.control.run(started.executionId()).status().equals("STOPPED"));
		return started;
	}

	private long items(String runKey) {
		return (count("test_slow_items") == 0) ? 0 : this.jdbc
			.queryForObject("SELECT count(*) FROM test_slow_items WHERE run_key = ?", Long.class, runKey);
	}

	private long count(String table) {
		Boolean exists = this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table);
		return Boolean.TRUE.equals(exists) ? this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class) : 0;
	}

	private static Path jobsDirectory() {
		try {
			Path directory = Files.createTempDirectory("lumiku-jobs");
			Files.writeString(directory.resolve("test-tick.yml"), """
					job: test-tick
					cron: "*/1 * * * * ?"
					overlap: skip
					misfire: skip
					""");
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
