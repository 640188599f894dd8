package com.lumiku.worker.analytics;

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
 * {@code analytics-refresh}: brings the usage analytics up to date (docs/analytics.md).
 * Summary tables are recomputed for the keys whose source rows changed since the last run
 * ({@link RefreshSummary}); materialized views are refreshed {@code CONCURRENTLY}
 * ({@link RefreshMaterializedView}). Each view is single-flight across processes (a
 * refresh still running elsewhere is skipped and counted, not queued), under lock and
 * statement timeouts.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsRefreshJobConfiguration {

	static final String NAME = "analytics-refresh";

	@Bean
	JobDescriptor analyticsRefreshDescriptor() {
		return AnalyticsRefreshParameters.DECLARATION;
	}

	@Bean
	Job analyticsRefreshJob(JobRepository repository, Step refreshAnalyticsStep) {
		return new JobBuilder(NAME, repository).validator(AnalyticsRefreshParameters.DECLARATION)
			.start(refreshAnalyticsStep)
			.build();
	}

	@Bean
	@StepParameters
	AnalyticsRefreshParameters analyticsRefreshParameters(
			@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return AnalyticsRefreshParameters.bind(jobParameters);
	}

	@Bean
	Step refreshAnalyticsStep(JobRepository repository, PlatformTransactionManager transactionManager,
			RefreshAnalytics refreshAnalytics) {
		return new StepBuilder("refresh-analytics", repository).tasklet(refreshAnalytics, transactionManager).build();
	}

	@Bean
	@StepScope
	RefreshAnalytics refreshAnalytics(AnalyticsRefreshParameters parameters, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, AnalyticsMetrics metrics) {
		SingleFlightTransaction transaction = new SingleFlightTransaction(jdbc, transactionManager,
				parameters.lockTimeout(), parameters.statementTimeout());
		return new RefreshAnalytics(parameters, jdbc, new RefreshSummary(transaction, parameters.batchSize()),
				new RefreshMaterializedView(transaction), metrics);
	}

}
