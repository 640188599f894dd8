package com.lumiku.worker.quota;

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
 * {@code quota-reset}: opens every user's daily period (and monthly period where the plan
 * has a {@code monthlyQuota}) for the day in {@code periodTimeZone}
 * ({@link OpenQuotaPeriods}), then deletes periods that ended more than
 * {@code keepPastPeriodsFor} ago ({@link PrunePastPeriods}). Unlike the app's reset it
 * never deletes the current rows first, so it is safe to run twice, on several processes,
 * or after the app created a row lazily.
 */
@Configuration(proxyBeanMethods = false)
class QuotaResetJobConfiguration {

	static final String NAME = "quota-reset";

	static final BulkAction OPENED = new BulkAction(NAME, "opened-periods");

	static final BulkAction PRUNED = new BulkAction(NAME, "deleted-periods");

	@Bean
	JobDescriptor quotaResetDescriptor() {
		return QuotaResetParameters.DECLARATION;
	}

	@Bean
	BulkAction quotaResetOpened() {
		return OPENED;
	}

	@Bean
	BulkAction quotaResetPruned() {
		return PRUNED;
	}

	@Bean
	Job quotaResetJob(JobRepository repository, Step openQuotaPeriodsStep, Step prunePastPeriodsStep) {
		return new JobBuilder(NAME, repository).validator(QuotaResetParameters.DECLARATION)
			.start(openQuotaPeriodsStep)
			.next(prunePastPeriodsStep)
			.build();
	}

	@Bean
	@StepParameters
	QuotaResetParameters quotaResetParameters(@Value("#{jobParameters}") Map<String, Object> jobParameters) {
		return QuotaResetParameters.bind(jobParameters);
	}

	@Bean
	Step openQuotaPeriodsStep(BatchedWorks works, BatchedWork openQuotaPeriods) {
		return works.step("open-quota-periods", openQuotaPeriods);
	}

	@Bean
	Step prunePastPeriodsStep(BatchedWorks works, BatchedWork prunePastPeriods) {
		return works.step("prune-past-periods", prunePastPeriods);
	}

	@Bean
	@StepScope
	BatchedWork openQuotaPeriods(QuotaResetParameters parameters, BatchedWorks works) {
		OpenQuotaPeriods open = new OpenQuotaPeriods(parameters.periodTimeZone(), parameters.day());
		return works.create(OPENED, parameters.bulk(), open::openBatch, open::countRemaining);
	}

	@Bean
	@StepScope
	BatchedWork prunePastPeriods(QuotaResetParameters parameters, BatchedWorks works) {
		PrunePastPeriods prune = new PrunePastPeriods(parameters.keepPastPeriodsFor());
		return works.create(PRUNED, parameters.bulk(), prune::deleteBatch, prune::countRemaining);
	}

}
