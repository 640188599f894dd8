package com.lumiku.worker.payment;

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
		return PaymentExpiryParameters.DECLARATION;
	}

	@Bean
	BulkAction paymentExpiryExpired() {
		return EXPIRED;
	}

	@Bean
	Job paymentExpiryJob(JobRepository repository, Step expirePendingPaymentsStep) {
		return new JobBuilder(NAME, repository).validator(PaymentExpiryParameters.DECLARATION)
			.start(expirePendingPaymentsStep)
			.build();
	}

	@Bean
	@StepParameters
	PaymentExpiryParameters paymentExpiryParameters(@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return PaymentExpiryParameters.bind(jobParameters);
	}

	@Bean
	Step expirePendingPaymentsStep(BatchedWorks works, BatchedWork expirePendingPayments) {
		return works.step("expire-pending-payments", expirePendingPayments);
	}

	@Bean
	@StepScope
	BatchedWork expirePendingPayments(PaymentExpiryParameters parameters,
			@Value("#{stepExecution.jobExecutionId}") Long jobExecutionId, BatchedWorks works) {
		ExpirePendingPayments expire = new ExpirePendingPayments(parameters.expireAfter(), jobExecutionId);
		return works.create(EXPIRED, parameters.bulk(), expire::expireBatch, expire::countRemaining);
	}

}
