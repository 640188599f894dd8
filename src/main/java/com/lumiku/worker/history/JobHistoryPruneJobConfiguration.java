package com.lumiku.worker.history;

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
 * {@code job-history-prune}: deletes Spring Batch history (finished executions, their
 * steps, contexts and parameters, then job instances left without executions) older than
 * a retention, in batches that each commit on their own, plus the liveness rows of
 * workers long gone. The Spring Batch repository otherwise grows without bound. Quartz
 * keeps no history of its own (fired triggers are deleted as they complete), so there is
 * nothing of Quartz's to prune.
 */
@Configuration(proxyBeanMethods = false)
class JobHistoryPruneJobConfiguration {

	static final String NAME = "job-history-prune";

	@Bean
	JobDescriptor jobHistoryPruneDescriptor() {
		return JobHistoryPruneParameters.DECLARATION;
	}

	@Bean
	Job jobHistoryPruneJob(JobRepository jobRepository, Step jobHistoryPruneStep) {
		return new JobBuilder(NAME, jobRepository).validator(JobHistoryPruneParameters.DECLARATION)
			.start(jobHistoryPruneStep)
			.build();
	}

	@Bean
	Step jobHistoryPruneStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PruneJobHistory pruneJobHistory) {
		return new StepBuilder("prune-batch-history", jobRepository).tasklet(pruneJobHistory, transactionManager)
			.build();
	}

	@Bean
	@StepParameters
	JobHistoryPruneParameters jobHistoryPruneParameters(@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return JobHistoryPruneParameters.bind(jobParameters);
	}

	@Bean
	@StepScope
	PruneJobHistory pruneJobHistory(JdbcTemplate jdbc, JobHistoryPruneParameters parameters) {
		return new PruneJobHistory(jdbc, parameters.retention(), parameters.batchSize());
	}

}
