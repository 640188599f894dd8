package com.lumiku.worker.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code job-history-prune} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them and is the job's validator.
 *
 * @param retention finished executions that ended longer ago are deleted
 * @param batchSize executions deleted per transaction
 */
record JobHistoryPruneParameters(Duration retention, int batchSize) {

	static final JobDescriptor DECLARATION = new JobDescriptor(JobHistoryPruneJobConfiguration.NAME,
			"Delete Spring Batch history older than a retention, in batches", List.of(
					ParameterSpec
						.optional("retention", ParameterType.DURATION, "30d",
								"Finished executions that ended longer ago than this are deleted;"
										+ " at least 1d (a run's key guards its period only while its history is kept)")
						.atLeast(Duration.ofDays(1)),
					ParameterSpec.optional("batchSize", ParameterType.LONG, "500", "Executions deleted per transaction")
						.between(1, 100_000)));

	static JobHistoryPruneParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new JobHistoryPruneParameters(values.duration("retention"), values.integer("batchSize"));
	}

}
