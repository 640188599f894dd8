package com.lumiku.worker.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Spring Batch 6 creates a run's job instance and its first execution in two
 * transactions. A launch that failed between them (a serialization failure that is then
 * retried, the database going away, a {@code kill -9}) leaves an instance with no
 * execution, and every later launch of the same run key fails with "Cannot find any job
 * execution for job instance": the period could never run again (found by the chaos
 * suite). Before a launch, such an empty instance is removed; it holds nothing (the
 * parameters and the context live on executions).
 */
@Component
class RemoveEmptyJobInstance {

	private static final Logger logger = LoggerFactory.getLogger(RemoveEmptyJobInstance.class);

	private static final String DELETE = """
			DELETE FROM lumiku_worker.batch_job_instance i
			WHERE i.job_instance_id = ?
			  AND NOT EXISTS (SELECT 1 FROM lumiku_worker.batch_job_execution e
			                  WHERE e.job_instance_id = i.job_instance_id)
			""";

	private final JobRepository repository;

	private final JdbcTemplate jdbc;

	RemoveEmptyJobInstance(JobRepository repository, JdbcTemplate jdbc) {
		this.repository = repository;
		this.jdbc = jdbc;
	}

	/** Removes the run's job instance if it has no execution; true when it did. */
	boolean removeIfEmpty(String jobName, JobParameters parameters) {
		JobInstance instance = this.repository.getJobInstance(jobName, parameters);
		if (instance == null || this.jdbc.update(DELETE, instance.getInstanceId()) == 0) {
			return false;
		}
		logger.warn("Job instance {} of {} had no execution (a launch failed between creating the two); removed it "
				+ "so the run can start", instance.getInstanceId(), jobName);
		return true;
	}

}
