package com.lumiku.worker.subscription;

import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.StepParameters;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code subscription-renewal}: charges each subscription due for its next period once
 * per period ({@link RenewSubscriptions}); the gateway is {@link PaymentGateway}
 * (Duitku-style, {@code lumiku.subscriptions.gateway}). See
 * {@code docs/subscriptions.md}.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionRenewalJobConfiguration {

	static final String NAME = "subscription-renewal";

	@Bean
	JobDescriptor subscriptionRenewalDescriptor() {
		return SubscriptionRenewalParameters.DECLARATION;
	}

	@Bean
	PaymentGateway paymentGateway(SubscriptionProperties properties) {
		return new DuitkuGateway(properties.gateway());
	}

	@Bean
	Job subscriptionRenewalJob(JobRepository repository, Step renewSubscriptionsStep) {
		return new JobBuilder(NAME, repository).validator(SubscriptionRenewalParameters.DECLARATION)
			.start(renewSubscriptionsStep)
			.build();
	}

	@Bean
	@StepParameters
	SubscriptionRenewalParameters subscriptionRenewalParameters(
			@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return SubscriptionRenewalParameters.bind(jobParameters);
	}

	@Bean
	Step renewSubscriptionsStep(JobRepository repository, RenewSubscriptions renewSubscriptions) {
		// No chunk transaction: the tasklet opens its own short ones around, never
		// across,
		// gateway calls.
		return new StepBuilder("renew-subscriptions", repository)
			.tasklet(renewSubscriptions, new ResourcelessTransactionManager())
			.build();
	}

	@Bean
	@StepScope
	RenewSubscriptions renewSubscriptions(SubscriptionRenewalParameters parameters, SubscriptionProperties properties,
			PaymentGateway paymentGateway, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			SubscriptionMetrics metrics, @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
		return new RenewSubscriptions(parameters, properties, paymentGateway, jdbc, transactionManager, metrics,
				jobExecutionId);
	}

}
