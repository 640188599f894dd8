package com.lumiku.worker.subscription;

import java.util.Map;
import java.util.Optional;

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
 * {@code subscription-expiry}: subscriptions past their end date move into grace
 * (renewing) or expire (not renewing, or grace exhausted), each change with its audit row
 * and the user downgraded once ({@link ExpireSubscriptions}). Replaces the app's
 * {@code expireSubscriptionsJob}, which must be disabled.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionExpiryJobConfiguration {

	static final String NAME = "subscription-expiry";

	static final BulkAction CHANGED = new BulkAction(NAME, "changed-subscriptions");

	@Bean
	JobDescriptor subscriptionExpiryDescriptor() {
		return SubscriptionExpiryParameters.DECLARATION;
	}

	@Bean
	BulkAction subscriptionExpiryChanged() {
		return CHANGED;
	}

	@Bean
	Job subscriptionExpiryJob(JobRepository repository, Step expireSubscriptionsStep) {
		return new JobBuilder(NAME, repository).validator(SubscriptionExpiryParameters.DECLARATION)
			.start(expireSubscriptionsStep)
			.build();
	}

	@Bean
	@StepParameters
	SubscriptionExpiryParameters subscriptionExpiryParameters(
			@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return SubscriptionExpiryParameters.bind(jobParameters);
	}

	@Bean
	Step expireSubscriptionsStep(BatchedWorks works, BatchedWork expireSubscriptions) {
		return works.step("expire-subscriptions", expireSubscriptions);
	}

	@Bean
	@StepScope
	BatchedWork expireSubscriptions(SubscriptionExpiryParameters parameters, SubscriptionProperties properties,
			@Value("#{stepExecution.jobExecutionId}") Long jobExecutionId, BatchedWorks works,
			SubscriptionMetrics metrics) {
		ExpireSubscriptions expire = new ExpireSubscriptions(properties.gracePeriod(), jobExecutionId,
				Optional.of(metrics));
		return works.create(CHANGED, parameters.bulk(), expire::expireBatch, expire::countRemaining);
	}

}
