package com.lumiku.worker.maintenance;

import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.StepParameters;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code db-maintenance}: the optimization report's recurring database checks (unused and
 * redundant indexes, table sizes and their growth, a bloat estimate, cache and index hit
 * rates, generations pending over an hour, the slowest statements), each in a transaction
 * of its own with a timeout, their figures saved for the {@code lumiku_db_*} gauges and
 * {@code db report}. See docs/db-maintenance.md.
 */
@Configuration(proxyBeanMethods = false)
class DbMaintenanceJobConfiguration {

	static final String NAME = "db-maintenance";

	@Bean
	JobDescriptor dbMaintenanceDescriptor() {
		return DbMaintenanceParameters.DECLARATION;
	}

	@Bean
	Job dbMaintenanceJob(JobRepository jobRepository, Step runMaintenanceChecksStep) {
		return new JobBuilder(NAME, jobRepository).validator(DbMaintenanceParameters.DECLARATION)
			.start(runMaintenanceChecksStep)
			.build();
	}

	@Bean
	Step runMaintenanceChecksStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RunMaintenance runMaintenance) {
		return new StepBuilder("run-checks", jobRepository).tasklet(runMaintenance, transactionManager).build();
	}

	@Bean
	@StepParameters
	DbMaintenanceParameters dbMaintenanceParameters(@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return DbMaintenanceParameters.bind(jobParameters);
	}

	@Bean
	@StepScope
	RunMaintenance runMaintenance(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			DbMaintenanceParameters parameters, DbMaintenanceMetrics metrics,
			@Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
		return new RunMaintenance(jdbc, transactionManager, parameters, metrics, jobExecutionId);
	}

}
