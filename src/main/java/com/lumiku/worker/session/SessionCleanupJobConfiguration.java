package com.lumiku.worker.session;

import java.util.Map;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.BatchedWorks;
import com.lumiku.worker.bulk.BulkAction;
import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.StepParameters;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code session-cleanup}: deletes expired {@code sessions} (those whose
 * {@code expiresAt} is at or before the cutoff: the run's start, minus
 * {@code keepExpiredFor}), then {@code devices} not active for
 * {@code devicesInactiveFor}, in bounded batches that never wait on or block the app (see
 * {@link BatchedWork}).
 */
@Configuration(proxyBeanMethods = false)
class SessionCleanupJobConfiguration {

	static final String NAME = "session-cleanup";

	static final BulkAction SESSIONS = new BulkAction(NAME, "deleted-sessions");

	static final BulkAction DEVICES = new BulkAction(NAME, "deleted-devices");

	@Bean
	JobDescriptor sessionCleanupDescriptor() {
		return SessionCleanupParameters.DECLARATION;
	}

	@Bean
	BulkAction sessionCleanupSessions() {
		return SESSIONS;
	}

	@Bean
	BulkAction sessionCleanupDevices() {
		return DEVICES;
	}

	@Bean
	Job sessionCleanupJob(JobRepository repository, Step deleteExpiredSessionsStep, Step trimInactiveDevicesStep) {
		return new JobBuilder(NAME, repository).validator(SessionCleanupParameters.DECLARATION)
			.start(deleteExpiredSessionsStep)
			.next(trimInactiveDevicesStep)
			.build();
	}

	@Bean
	@StepParameters
	SessionCleanupParameters sessionCleanupParameters(@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return SessionCleanupParameters.bind(jobParameters);
	}

	@Bean
	Step deleteExpiredSessionsStep(BatchedWorks works, DeletePartitioner expiredSessionPartitions,
			BatchedWork deleteExpiredSessions) {
		return works.partitionedStep("delete-expired-sessions", expiredSessionPartitions,
				works.step("delete-expired-sessions-part", deleteExpiredSessions));
	}

	@Bean
	@StepScope
	DeletePartitioner expiredSessionPartitions(SessionCleanupParameters parameters, JdbcTemplate jdbc) {
		// a dry run counts once, in one partition
		int parallelism = parameters.bulk().dryRun() ? 1 : parameters.parallelism();
		return new DeletePartitioner(expiredSessions(parameters), jdbc, parameters.bulk().batchSize(), parallelism);
	}

	@Bean
	Step trimInactiveDevicesStep(BatchedWorks works, BatchedWork trimInactiveDevices) {
		return works.step("trim-inactive-devices", trimInactiveDevices);
	}

	@Bean
	@StepScope
	BatchedWork deleteExpiredSessions(SessionCleanupParameters parameters, BatchedWorks works) {
		DeleteOlderThan sessions = expiredSessions(parameters);
		return works.create(SESSIONS, parameters.bulk(), sessions::deleteBatch, sessions::countRemaining);
	}

	@Bean
	@StepScope
	BatchedWork trimInactiveDevices(SessionCleanupParameters parameters, BatchedWorks works) {
		DeleteOlderThan devices = new DeleteOlderThan("devices", "lastActive", parameters.devicesInactiveFor());
		return works.create(DEVICES, parameters.bulk(), devices::deleteBatch, devices::countRemaining);
	}

	private static DeleteOlderThan expiredSessions(SessionCleanupParameters parameters) {
		return new DeleteOlderThan("sessions", "expiresAt", parameters.keepExpiredFor());
	}

}
