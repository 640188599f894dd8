package com.lumiku.worker.partition;

import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code partition-maintenance} run; {@link #DECLARATION} declares
 * them and is the job's validator. Retention and premade months are configuration
 * ({@code lumiku.partitions}), not parameters: they are policy, the same for every run.
 *
 * @param dryRun print what would be premade, resumed and archived, change nothing
 */
record PartitionMaintenanceParameters(boolean dryRun) {

	static final JobDescriptor DECLARATION = new JobDescriptor(PartitionMaintenanceJobConfiguration.NAME,
			"Premake monthly partitions and archive months past retention (export, verify, then drop)",
			List.of(ParameterSpec.optional("dryRun", ParameterType.BOOLEAN, "false",
					"Report what would be premade, resumed and archived; change nothing")));

	static PartitionMaintenanceParameters bind(Map<String, Object> jobParameters) {
		return new PartitionMaintenanceParameters(DECLARATION.bind(jobParameters).flag("dryRun"));
	}

}
