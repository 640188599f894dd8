package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code db-maintenance} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them and is the job's validator
 * ({@code checks} is a list of words of a fixed set, so an unknown check is refused
 * before a run).
 *
 * @param checks the checks to run, in report order
 * @param statementTimeout the longest one check's queries may take (its
 * {@code statement_timeout} and {@code lock_timeout})
 */
record DbMaintenanceParameters(List<MaintenanceCheck> checks, Duration statementTimeout) {

	static final JobDescriptor DECLARATION = new JobDescriptor(DbMaintenanceJobConfiguration.NAME,
			"Check indexes, table growth, bloat, hit rates, stale generations and slow statements",
			List.of(ParameterSpec.someOf("checks", MaintenanceChecks.names(), MaintenanceChecks.ALL, "Which checks"),
					ParameterSpec
						.optional("statementTimeout", ParameterType.DURATION, "30s",
								"The longest one check may take; a check that times out is reported failed"
										+ " and the others still run")
						.between(Duration.ofMillis(100), Duration.ofHours(1)),
					ParameterSpec
						.optional("pendingOlderThan", ParameterType.DURATION, "1h",
								"A generation pending longer than this is reported (the report: one hour)")
						.between(Duration.ofMinutes(1), Duration.ofDays(7))));

	static DbMaintenanceParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new DbMaintenanceParameters(
				MaintenanceChecks.select(values.choices("checks"), values.duration("pendingOlderThan")),
				values.duration("statementTimeout"));
	}

}
