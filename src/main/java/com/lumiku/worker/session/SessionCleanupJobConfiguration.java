package com.lumiku.worker.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.BatchedWorks;
import com.lumiku.worker.bulk.BulkAction;
import com.lumiku.worker.bulk.BulkSettings;
import com.lumiku.worker.bulk.DeleteOlderThan;
import com.lumiku.worker.bulk.DeletePartitioner;
import com.lumiku.worker.scheduling.JobDescriptor;
import com.lumiku.worker.scheduling.ParameterSpec;
import com.lumiku.worker.scheduling.ParameterType;

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

	/** Partitions at once: each holds two pool connections (default pool: 10). */
	static final int MAX_PARALLELISM = 4;

	static final BulkAction SESSIONS = new BulkAction(NAME, "deleted-sessions");

	static final BulkAction DEVICES = new BulkAction(NAME, "deleted-devices");

	@Bean
	JobDescriptor sessionCleanupDescriptor() {
		return new JobDescriptor(NAME, "Delete expired sessions and long-inactive devices, in bounded batches",
				BulkSettings.withCommonParameters(List.of(
						ParameterSpec
							.optional("keepExpiredFor", ParameterType.DURATION, "0s",
									"Keep sessions this long after they expired (e.g. 30d)")
							.atLeast(Duration.ZERO),
						ParameterSpec
							.optional("devicesInactiveFor", ParameterType.DURATION, "180d",
									"Delete devices whose lastActive is older than this")
							.atLeast(Duration.ofDays(1)),
						ParameterSpec
							.optional("parallelism", ParameterType.LONG, "1",
									"Page ranges deleted at once when a backlog is cleared (each uses two connections)")
							.between(1, MAX_PARALLELISM)),
						"5000", "50ms", "15m"));
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
		return new JobBuilder(NAME, repository).start(deleteExpiredSessionsStep).next(trimInactiveDevicesStep).build();
	}

	@Bean
	Step deleteExpiredSessionsStep(BatchedWorks works, DeletePartitioner expiredSessionPartitions,
			BatchedWork deleteExpiredSessions) {
		return works.partitionedStep("delete-expired-sessions", expiredSessionPartitions,
				works.step("delete-expired-sessions-part", deleteExpiredSessions));
	}

	@Bean
	@StepScope
	DeletePartitioner expiredSessionPartitions(@Value("#{jobParameters}") Map<String, Object> parameters,
			JdbcTemplate jdbc) {
		BulkSettings settings = BulkSettings.of(parameters);
		// a dry run counts once, in one partition
		int parallelism = settings.dryRun() ? 1 : Math.toIntExact((Long) parameters.get("parallelism"));
		return new DeletePartitioner(expiredSessions(parameters), jdbc, settings.batchSize(), parallelism);
	}

	@Bean
	Step trimInactiveDevicesStep(BatchedWorks works, BatchedWork trimInactiveDevices) {
		return works.step("trim-inactive-devices", trimInactiveDevices);
	}

	@Bean
	@StepScope
	BatchedWork deleteExpiredSessions(@Value("#{jobParameters}") Map<String, Object> parameters, BatchedWorks works) {
		DeleteOlderThan sessions = expiredSessions(parameters);
		return works.create(SESSIONS, parameters, sessions::deleteBatch, sessions::countRemaining);
	}

	@Bean
	@StepScope
	BatchedWork trimInactiveDevices(@Value("#{jobParameters}") Map<String, Object> parameters, BatchedWorks works) {
		DeleteOlderThan devices = new DeleteOlderThan("devices", "lastActive",
				Duration.parse((String) parameters.get("devicesInactiveFor")));
		return works.create(DEVICES, parameters, devices::deleteBatch, devices::countRemaining);
	}

	private static DeleteOlderThan expiredSessions(Map<String, Object> parameters) {
		return new DeleteOlderThan("sessions", "expiresAt", Duration.parse((String) parameters.get("keepExpiredFor")));
	}

}
