package com.lumiku.worker.quota;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.bulk.BulkSettings;
import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code quota-reset} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them and is the job's validator.
 * {@code periodTimeZone} (once {@code timeZone}) is the zone of the quota periods; the
 * schedule file's own {@code timeZone:} is the zone its cron is read in.
 *
 * @param periodTimeZone the zone whose midnight starts a period
 * @param day the day whose periods to open; empty for today in that zone
 * @param keepPastPeriodsFor periods whose {@code resetAt} is older are deleted
 * @param bulk the common bulk parameters
 */
record QuotaResetParameters(ZoneId periodTimeZone, Optional<LocalDate> day, Duration keepPastPeriodsFor,
		BulkSettings bulk) {

	static final JobDescriptor DECLARATION = new JobDescriptor(QuotaResetJobConfiguration.NAME,
			"Open every user's daily (and monthly) quota period; prune old periods",
			BulkSettings.withCommonParameters(List.of(
					ParameterSpec
						.optional("periodTimeZone", ParameterType.ZONE_ID, "UTC",
								"Zone whose midnight starts a quota period (the app uses UTC), e.g. Asia/Jakarta;"
										+ " the schedule's timeZone is its cron's")
						.renamedFrom("timeZone"),
					ParameterSpec.optional("day", ParameterType.DATE,
							"Day whose periods to open (YYYY-MM-DD); default today in periodTimeZone"),
					ParameterSpec
						.optional("keepPastPeriodsFor", ParameterType.DURATION, "35d",
								"Delete periods whose resetAt is older than this")
						.atLeast(Duration.ZERO)),
					"5000", "0s", "30m"));

	static QuotaResetParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new QuotaResetParameters(values.zone("periodTimeZone"), values.date("day"),
				values.duration("keepPastPeriodsFor"), BulkSettings.of(values));
	}

}
