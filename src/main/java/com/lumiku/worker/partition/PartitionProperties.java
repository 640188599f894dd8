package com.lumiku.worker.partition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Monthly partitions and archival ({@code lumiku.partitions.*}, docs/partitions.md).
 *
 * @param premakeMonths months premade beyond the current one, so an insert never lands
 * outside a partition (there is no default partition)
 * @param archiveDirectory where archive files are written, one sub-directory per table
 * @param retentionMonths per table: months kept whole in the database before the current
 * one; older months are archived. A table not named is never archived.
 * @param lockTimeout the longest one DDL statement waits for its lock before it gives up
 * and is retried (the app's inserts queue behind a waiting DDL lock, so keep it short)
 * @param lockRetries how often a DDL statement that timed out on its lock is retried
 * @param deleteBatchSize rows deleted per transaction by a rows archive (generations)
 */
@ConfigurationProperties("lumiku.partitions")
public record PartitionProperties(@DefaultValue("3") int premakeMonths,
		@DefaultValue("data/archive") Path archiveDirectory, @DefaultValue( {
				"credits=24", "app_usages=12", "model_usages=12", "video_mixer_generations=6", "carousel_generations=6",
				"looping_flow_generations=6", "avatar_generations=6" }) Map<String, Integer> retentionMonths,
		@DefaultValue("2s") Duration lockTimeout, @DefaultValue("20") int lockRetries,
		@DefaultValue("1000") int deleteBatchSize){

	/** The retention when none is configured (application.yml sets the same). */
	static final Map<String, Integer> DEFAULT_RETENTION = Map.of("credits", 24, "app_usages", 12, "model_usages", 12,
			"video_mixer_generations", 6, "carousel_generations", 6, "looping_flow_generations", 6,
			"avatar_generations", 6);

	public PartitionProperties {
		retentionMonths = Map.copyOf((retentionMonths != null) ? retentionMonths : DEFAULT_RETENTION);
		if (premakeMonths < 1 || premakeMonths > 24) {
			throw new IllegalArgumentException(
					"lumiku.partitions.premake-months " + premakeMonths + ": must be between 1 and 24");
		}
		retentionMonths.forEach((table, months) -> {
			if (!ArchivedTable.isKnown(table)) {
				throw new IllegalArgumentException("lumiku.partitions.retention-months." + table
						+ ": unknown table; known: " + ArchivedTable.names());
			}
			if (months < 1) {
				throw new IllegalArgumentException(
						"lumiku.partitions.retention-months." + table + " " + months + ": must be at least 1");
			}
		});
		if (lockTimeout.isNegative() || lockTimeout.isZero()) {
			throw new IllegalArgumentException("lumiku.partitions.lock-timeout must be positive");
		}
		if (lockRetries < 0 || deleteBatchSize < 1) {
			throw new IllegalArgumentException(
					"lumiku.partitions.lock-retries must be >= 0 and delete-batch-size >= 1");
		}
	}

}
