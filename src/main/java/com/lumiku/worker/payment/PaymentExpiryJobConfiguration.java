package com.lumiku.worker.payment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.BatchedWorks;
import com.lumiku.worker.bulk.BulkAction;
import com.lumiku.worker.bulk.BulkSettings;
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

/**
 * {@code payment-expiry}: payments still {@code pending} when the gateway's expiry window
 * (Duitku: 1440 minutes from creation) has passed become {@code expired}, each change
 * with its audit row ({@link ExpirePendingPayments}). A {@code success} or {@code failed}
 * payment is never touched.
 */
@Configuration(proxyBeanMethods = false)
class PaymentExpiryJobConfiguration {

	static final String NAME = "payment-expiry";

	static final BulkAction EXPIRED = new BulkAction(NAME, "expired-payments");

	@Bean
	JobDescriptor paymentExpiryDescriptor() {
		return new JobDescriptor(NAME, "Expire payments left pending past the gateway's expiry window",
				BulkSettings.withCommonParameters(List.of(ParameterSpec
					.optional("expireAfter", ParameterType.DURATION, "24h",
							"A pending payment older than this (from createdAt) expires;"
									+ " at least 1h (the gateway's window is 24h)")
					.atLeast(Duration.ofHours(1))), "1000", "0s", "10m"));
	}

	@Bean
	BulkAction paymentExpiryExpired() {
		return EXPIRED;
	}

	@Bean
	Job paymentExpiryJob(JobRepository repository, Step expirePendingPaymentsStep) {
		return new JobBuilder(NAME, repository).start(expirePendingPaymentsStep).build();
	}

	@Bean
	Step expirePendingPaymentsStep(BatchedWorks works, BatchedWork expirePendingPayments) {
		return works.step("expire-pending-payments", expirePendingPayments);
	}

	@Bean
	@StepScope
	BatchedWork expirePendingPayments(@Value("#{jobParameters}") Map<String, Object> parameters,
			@Value("#{stepExecution.jobExecutionId}") Long jobExecutionId, BatchedWorks works) {
		ExpirePendingPayments expire = new ExpirePendingPayments(Duration.parse((String) parameters.get("expireAfter")),
				jobExecutionId);
		return works.create(EXPIRED, parameters, expire::expireBatch, expire::countRemaining);
	}

}
