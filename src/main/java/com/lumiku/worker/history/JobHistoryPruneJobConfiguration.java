package com.lumiku.worker.history;

import java.time.Duration;
import java.util.List;

import com.lumiku.worker.scheduling.JobDescriptor;
import com.lumiku.worker.scheduling.ParameterSpec;
import com.lumiku.worker.scheduling.ParameterType;

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
		return new JobDescriptor(NAME, "Delete Spring Batch history older than a retention, in batches", List.of(
				ParameterSpec
					.optional("retention", ParameterType.DURATION, "30d",
							"Finished executions that ended longer ago than this are deleted;"
									+ " at least 1d (a run's key guards its period only while its history is kept)")
					.atLeast(Duration.ofDays(1)),
				ParameterSpec.optional("batchSize", ParameterType.LONG, "500", "Executions deleted per transaction")
					.between(1, 100_000)));
	}

	@Bean
	Job jobHistoryPruneJob(JobRepository jobRepository, Step jobHistoryPruneStep) {
		return new JobBuilder(NAME, jobRepository).start(jobHistoryPruneStep).build();
	}

	@Bean
	Step jobHistoryPruneStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PruneJobHistory pruneJobHistory) {
		return new StepBuilder("prune-batch-history", jobRepository).tasklet(pruneJobHistory, transactionManager)
			.build();
	}

	@Bean
	@StepScope
	PruneJobHistory pruneJobHistory(JdbcTemplate jdbc, @Value("#{jobParameters['retention']}") String retention,
			@Value("#{jobParameters['batchSize']}") Long batchSize) {
		return new PruneJobHistory(jdbc, Duration.parse(retention), batchSize.intValue());
	}

}
