package com.lumiku.worker.maintenance;

import java.util.Map;

import javax.sql.DataSource;

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
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code db-vacuum}: {@code VACUUM (ANALYZE)} of the hot tables on a schedule of its own
 * (the report's "VACUUM ANALYZE"), skipping a table it cannot lock in time
 * ({@link VacuumHotTables}). See docs/db-maintenance.md#vacuum.
 */
@Configuration(proxyBeanMethods = false)
class DbVacuumJobConfiguration {

	static final String NAME = "db-vacuum";

	@Bean
	JobDescriptor dbVacuumDescriptor() {
		return DbVacuumParameters.DECLARATION;
	}

	@Bean
	Job dbVacuumJob(JobRepository jobRepository, Step vacuumHotTablesStep) {
		return new JobBuilder(NAME, jobRepository).validator(DbVacuumParameters.DECLARATION)
			.start(vacuumHotTablesStep)
			.build();
	}

	@Bean
	Step vacuumHotTablesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			VacuumHotTables vacuumHotTables) {
		return new StepBuilder("vacuum-tables", jobRepository).tasklet(vacuumHotTables, transactionManager).build();
	}

	@Bean
	@StepParameters
	DbVacuumParameters dbVacuumParameters(@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return DbVacuumParameters.bind(jobParameters);
	}

	@Bean
	@StepScope
	VacuumHotTables vacuumHotTables(DataSource dataSource, PlatformTransactionManager transactionManager,
			DbVacuumParameters parameters, DbMaintenanceMetrics metrics,
			@Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
		return new VacuumHotTables(dataSource, transactionManager, parameters, metrics, jobExecutionId);
	}

}
