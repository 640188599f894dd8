package com.lumiku.worker.partition;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drop step's last check: a detached partition is dropped only while it still holds
 * exactly the rows its verified archive holds. (Its own class: it leaves an archive
 * unfinished, in a database of its own.)
 */
class PartitionDropGuardTest extends ArchiveTestSupport {

	@Test
	void a_row_written_into_a_detached_partition_after_its_export_keeps_the_partition_from_being_dropped() {
		convert("app_usages");
		users("au1");
		// in the legacy partition (before 2025-02), the first archived
		for (String day : List.of("2025-01-20", "2025-01-21")) {
			appUsage("au-" + day, day);
		}
		PartitionMaintenance.Report stopped = maintenance(Map.of("app_usages", 12), failOnce("verified")).run(false);
		assertThat(stopped.failures()).hasSize(1);
		String partition = this.jdbc.queryForObject(
				"SELECT partition_name FROM lumiku_worker.archive WHERE table_name = 'app_usages' AND state = 'verified'",
				String.class);
		// something writes to the detached table by its name after the export
		this.jdbc.update("INSERT INTO " + partition + " (id, \"userId\", \"appId\", action, \"creditUsed\","
				+ " \"createdAt\") SELECT 'late', 'au1', 'video-mixer', 'generate', 1, \"createdAt\" FROM " + partition
				+ " LIMIT 1");

		PartitionMaintenance.Report refused = maintenance(Map.of("app_usages", 12), StepHook.NONE).run(false);

		assertThat(refused.failures()).singleElement()
			.asString()
			.contains(partition + " holds 3 rows, its verified archive 2")
			.contains("it is kept");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + partition, Integer.class))
			.as("the detached table and its late row are kept")
			.isEqualTo(3);
		assertThat(archives("app_usages")).first().isEqualTo("legacy verified");

		this.jdbc.update("DELETE FROM " + partition + " WHERE id = 'late'");
		PartitionMaintenance.Report resumed = maintenance(Map.of("app_usages", 12), StepHook.NONE).run(false);
		assertThat(resumed.failures()).isEmpty();
		assertThat(archives("app_usages")).allMatch((line) -> line.endsWith("dropped"));
		assertThat(this.jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, partition)).isTrue();
	}

}
