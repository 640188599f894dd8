package com.lumiku.worker.partition;

import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.StepParameters;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code partition-maintenance}: premakes monthly partitions and archives months past
 * each table's retention ({@link PartitionMaintenance}). The tasklet runs outside any
 * step transaction: each DDL step and each recorded state commits alone (a DETACH
 * CONCURRENTLY cannot run in a transaction block).
 */
@Configuration(proxyBeanMethods = false)
class PartitionMaintenanceJobConfiguration {

	static final String NAME = "partition-maintenance";

	private static final Logger logger = LoggerFactory.getLogger(PartitionMaintenanceJobConfiguration.class);

	@Bean
	JobDescriptor partitionMaintenanceDescriptor() {
		return PartitionMaintenanceParameters.DECLARATION;
	}

	@Bean
	PartitionMetrics partitionMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
		return new PartitionMetrics(jdbc, registry);
	}

	@Bean
	PartitionMaintenance partitionMaintenance(DataSource dataSource, PartitionProperties properties,
			PartitionMetrics metrics) {
		return new PartitionMaintenance(dataSource, properties, metrics, Clock.systemUTC());
	}

	@Bean
	PartitionOperations partitionOperations(DataSource dataSource, PartitionProperties properties) {
		return new PartitionOperations(dataSource, properties, Clock.systemUTC());
	}

	@Bean
	Job partitionMaintenanceJob(JobRepository repository, Step maintainPartitionsStep) {
		return new JobBuilder(NAME, repository).validator(PartitionMaintenanceParameters.DECLARATION)
			.start(maintainPartitionsStep)
			.build();
	}

	/**
	 * The tasklet runs under a transaction manager with no resource, so nothing it does
	 * joins a step transaction: each recorded step commits when it is recorded (the
	 * catalogue row a DDL transaction on another connection refers to, the state a crash
	 * resumes from), and a DETACH CONCURRENTLY runs outside any transaction block. The
	 * step's own bookkeeping still commits through the job repository.
	 */
	@Bean
	Step maintainPartitionsStep(JobRepository repository, Tasklet maintainPartitions) {
		return new StepBuilder("maintain-partitions", repository)
			.tasklet(maintainPartitions, new ResourcelessTransactionManager())
			.build();
	}

	@Bean
	@StepParameters
	PartitionMaintenanceParameters partitionMaintenanceParameters(
			@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return PartitionMaintenanceParameters.bind(jobParameters);
	}

	@Bean
	@StepScope
	Tasklet maintainPartitions(PartitionMaintenance maintenance, PartitionMaintenanceParameters parameters) {
		return (contribution, chunkContext) -> {
			PartitionMaintenance.Report report = maintenance.run(parameters.dryRun());
			report.lines().forEach((line) -> logger.info("{}{}", parameters.dryRun() ? "[dry run] " : "", line));
			if (!report.failures().isEmpty()) {
				throw new PartitionException("partition-maintenance failed for " + report.failures().size()
						+ " table(s): " + String.join("; ", report.failures()));
			}
			contribution.incrementWriteCount(report.lines().size());
			contribution.setExitStatus(ExitStatus.COMPLETED
				.addExitDescription((parameters.dryRun() ? "[dry run] " : "") + String.join("; ", report.lines())));
			return RepeatStatus.FINISHED;
		};
	}

}
