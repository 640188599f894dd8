package com.lumiku.worker.quota;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.BatchedWorks;
import com.lumiku.worker.bulk.BulkAction;
import com.lumiku.worker.bulk.BulkSettings;
import com.lumiku.worker.bulk.DeleteOlderThan;
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
 * {@code quota-reset}: opens every user's daily period (and monthly period where the plan
 * has a {@code monthlyQuota}) for the day in {@code timeZone} ({@link OpenQuotaPeriods}),
 * then deletes periods that ended more than {@code keepPastPeriodsFor} ago. Unlike the
 * app's reset it never deletes the current rows first, so it is safe to run twice, on
 * several processes, or after the app created a row lazily.
 */
@Configuration(proxyBeanMethods = false)
class QuotaResetJobConfiguration {

	static final String NAME = "quota-reset";

	static final BulkAction OPENED = new BulkAction(NAME, "opened-periods");

	static final BulkAction PRUNED = new BulkAction(NAME, "deleted-periods");

	@Bean
	JobDescriptor quotaResetDescriptor() {
		return new JobDescriptor(NAME, "Open every user's daily (and monthly) quota period; prune old periods",
				BulkSettings.withCommonParameters(List.of(
						ParameterSpec.optional("timeZone", ParameterType.ZONE_ID, "UTC",
								"Zone whose midnight starts a period (the app uses UTC); e.g. Asia/Jakarta"),
						ParameterSpec.optional("day", ParameterType.DATE,
								"Day whose periods to open (YYYY-MM-DD); default today in timeZone"),
						ParameterSpec
							.optional("keepPastPeriodsFor", ParameterType.DURATION, "35d",
									"Delete periods whose resetAt is older than this")
							.atLeast(Duration.ZERO)),
						"5000", "0s", "30m"));
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
		return new JobBuilder(NAME, repository).start(openQuotaPeriodsStep).next(prunePastPeriodsStep).build();
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
	BatchedWork openQuotaPeriods(@Value("#{jobParameters}") Map<String, Object> parameters, BatchedWorks works) {
		OpenQuotaPeriods open = new OpenQuotaPeriods(ZoneId.of((String) parameters.get("timeZone")),
				Optional.ofNullable((LocalDate) parameters.get("day")));
		return works.create(OPENED, parameters, open::openBatch, open::countRemaining);
	}

	@Bean
	@StepScope
	BatchedWork prunePastPeriods(@Value("#{jobParameters}") Map<String, Object> parameters, BatchedWorks works) {
		DeleteOlderThan periods = new DeleteOlderThan("quota_usages", "resetAt",
				Duration.parse((String) parameters.get("keepPastPeriodsFor")));
		return works.create(PRUNED, parameters, periods::deleteBatch, periods::countRemaining);
	}

}
