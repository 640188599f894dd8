package com.lumiku.worker.chaos;

import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the chaos suite (seed 1): Spring Batch 6 creates a run's job instance and its
 * first execution in two transactions. A launch that failed between the two (a
 * serialization failure, retried; the database restarting; a kill -9) left an instance
 * with no execution, and every later launch of that period failed with "Cannot find any
 * job execution for job instance": the tick was lost for good. Such an empty instance is
 * now removed and the period runs.
 */
@SpringBootTest(properties = { "lumiku.test-jobs.enabled=true", "spring.main.web-application-type=none" })
class EmptyJobInstanceTest extends WorkerIntegrationTest {

	@Autowired
	JobRuns runs;

	@Autowired
	JobRepository repository;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void a_period_whose_job_instance_was_left_without_an_execution_still_runs_once() {
		String runKey = "2026-12-01T14:57:20Z";
		this.repository.createJobInstance("test-tick",
				new JobParametersBuilder().addString(JobRuns.RUN_KEY, runKey, true).toJobParameters());

		JobExecution execution = this.runs
			.run(new RunRequest("test-tick", Map.of(), Optional.of(runKey), RunRequest.Origin.SCHEDULE));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList("SELECT run_key FROM test_ticks", String.class)).containsExactly(runKey);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM lumiku_worker.batch_job_instance WHERE job_name = 'test-tick'", Long.class))
			.as("one instance for the period")
			.isEqualTo(1);
	}

}
