package com.lumiku.worker.history;

import java.util.Map;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code job-history-prune} through Spring Batch, with the shipped jobs/ file's
 * parameters.
 */
@SpringBootTest
class JobHistoryPruneJobTest extends WorkerIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	@Test
	void executions_that_ended_before_the_retention_are_deleted_and_newer_ones_kept() {
		JobExecution old = this.runs.run(RunRequest.manual("quota-reset", Map.of("day", "2026-03-10")));
		JobExecution recent = this.runs.run(RunRequest.manual("quota-reset", Map.of("day", "2026-03-11")));
		this.jdbc.update("UPDATE lumiku_worker.batch_job_execution SET end_time = end_time - interval '31 days'"
				+ " WHERE job_execution_id = ?", old.getId());

		JobExecution prune = this.runs.run(RunRequest.manual("job-history-prune", Map.of()));

		assertThat(prune.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(prune.getJobParameters().getString("retention")).as("jobs/job-history-prune.yml, as written")
			.isEqualTo("30d");
		assertThat(this.jdbc.queryForList(
				"SELECT job_execution_id FROM lumiku_worker.batch_job_execution WHERE job_execution_id IN (?, ?)",
				Long.class, old.getId(), recent.getId()))
			.containsExactly(recent.getId());
	}

}
