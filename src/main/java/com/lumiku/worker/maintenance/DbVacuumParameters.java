package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code db-vacuum} run; {@link #DECLARATION} declares them and is
 * the job's validator.
 *
 * @param tables the tables of schema public to vacuum, in order
 * @param lockTimeout how long VACUUM may wait for a table's lock before the table is
 * skipped
 */
record DbVacuumParameters(List<String> tables, Duration lockTimeout) {

	/**
	 * The tables the app and the worker write most (updates and deletes leave dead rows).
	 */
	static final String HOT_TABLES = "credits,sessions,quota_usages,payments,subscriptions,video_mixer_generations,"
			+ "carousel_generations,looping_flow_generations,avatar_generations,model_usages,app_usages";

	private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	static final JobDescriptor DECLARATION = new JobDescriptor(DbVacuumJobConfiguration.NAME,
			"VACUUM (ANALYZE) the hot tables, skipping a table whose lock is not free in time",
			List.of(ParameterSpec.optional("tables", ParameterType.NAMES, HOT_TABLES,
					"Tables of schema public to vacuum, separated by commas"),
					ParameterSpec
						.optional("lockTimeout", ParameterType.DURATION, "5s",
								"How long VACUUM waits for a table's lock before skipping the table")
						.between(Duration.ofMillis(10), Duration.ofMinutes(10))));

	static DbVacuumParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new DbVacuumParameters(values.names("tables"), values.duration("lockTimeout"));
	}

	static List<String> tables(String list) {
		List<String> tables = Arrays.stream(list.split(",")).map(String::trim).filter((t) -> !t.isEmpty()).toList();
		if (tables.isEmpty()) {
			throw new IllegalArgumentException("tables: name at least one table");
		}
		for (String table : tables) {
			if (!TABLE_NAME.matcher(table).matches()) {
				throw new IllegalArgumentException("tables: '" + table.replaceAll("[^\\x20-\\x7e]", "?")
						+ "' is not a table name (lower-case letters, digits, _)");
			}
		}
		return List.copyOf(new LinkedHashSet<>(tables));
	}

}
