package com.lumiku.worker.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code partition-maintenance}'s archival on a real PostgreSQL: archive, drop and
 * restore; resuming after a failure at each step; a truncated file. Each test works on
 * its own table, with a retention for that table only.
 */
class PartitionArchiveTest extends ArchiveTestSupport {

	@Test
	void credits_archived_then_restored_come_back_identical_and_no_balance_or_ledger_changes_on_the_way()
			throws IOException {
		convert("credits");
		users("cu1", "cu2", "cu3");
		// cu1 spans every month; cu2's newest row is in an archived month; cu3 only after
		ledger("cu1", "2025-01-10", 100, "2025-02-03", -30, "2025-03-09", 50, "2025-05-20", -20, "2026-01-02", 7);
		ledger("cu2", "2025-01-20", 40, "2025-02-11", -15);
		ledger("cu3", "2026-03-03", 100);
		List<String> months = this.jdbc.queryForList(MONTHS.formatted("credits"), String.class);
		List<String> balances = this.jdbc.queryForList(NEWEST_BALANCES, String.class);

		PartitionMaintenance.Report report = maintenance(Map.of("credits", 12), StepHook.NONE).run(false);

		assertThat(report.failures()).isEmpty();
		assertThat(archives("credits")).containsExactly("legacy dropped", "2025-02 dropped", "2025-03 dropped",
				"2025-04 dropped", "2025-05 dropped");
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('credits_p2025_05') IS NULL", Boolean.class)).isTrue();
		assertThat(this.jdbc.queryForList(NEWEST_BALANCES, String.class)).as("every user's visible balance")
			.isEqualTo(balances);
		assertThat(brokenLedgers()).isEmpty();
		assertThat(this.jdbc.queryForList(MONTHS.formatted("credits"), String.class))
			.containsExactlyElementsOf(months.subList(4, 6));

		assertThatThrownBy(() -> new PartitionOperations(this.dataSource, properties(Map.of()), MAINTAINED)
			.restore("credits", "2025-03")).as("credits come back newest first, so the ledger stays contiguous")
			.hasMessageContaining("cannot come back before the 2 newer archived month(s)");
		for (String month : List.of("2025-05", "2025-04", "2025-03", "2025-02", "legacy")) {
			new PartitionOperations(this.dataSource, properties(Map.of()), MAINTAINED).restore("credits", month);
			assertThat(brokenLedgers()).as("ledger after restoring " + month).isEmpty();
			assertThat(this.jdbc.queryForList(NEWEST_BALANCES, String.class)).isEqualTo(balances);
		}
		assertThat(this.jdbc.queryForList(MONTHS.formatted("credits"), String.class)).isEqualTo(months);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE \"referenceType\" = 'credit_archive'",
				Integer.class))
			.as("opening-balance rows left")
			.isZero();
	}

	@Test
	void restoring_a_month_that_was_never_archived_is_refused_naming_it() {
		assertThatThrownBy(() -> new PartitionOperations(this.dataSource, properties(Map.of()), MAINTAINED)
			.restore("credits", "1999-01")).hasMessageContaining("no archive of credits 1999-01");
	}

	@Test
	void an_archive_interrupted_after_each_step_resumes_without_a_second_copy_and_loses_nothing() throws IOException {
		convert("model_usages");
		users("mu1");
		this.jdbc.update("INSERT INTO ai_models (id, \"appId\", \"modelId\", \"modelKey\", name, provider, tier,"
				+ " \"creditCost\", \"updatedAt\") VALUES ('m1', 'video-mixer', 'default', 'vm:default', 'Default', 'x',"
				+ " 'free', 1, now()) ON CONFLICT DO NOTHING");
		for (String day : List.of("2025-01-05", "2025-02-05", "2025-02-06", "2025-03-07", "2026-05-01")) {
			this.jdbc.update("INSERT INTO model_usages (id, \"userId\", \"appId\", \"modelKey\", \"usageType\","
					+ " \"creditUsed\", action, \"createdAt\") VALUES (?, 'mu1', 'video-mixer', 'vm:default', 'credit',"
					+ " 1, 'generate', ?::timestamp)", "mu-" + day, day);
		}
		List<String> months = this.jdbc.queryForList(MONTHS.formatted("model_usages"), String.class);

		for (String step : List.of("detached", "exported", "verified")) {
			PartitionMaintenance.Report failed = maintenance(Map.of("model_usages", 12), failOnce(step)).run(false);
			assertThat(failed.failures()).singleElement().asString().contains("injected failure after " + step);
			assertThat(archives("model_usages")).contains("legacy " + step);
		}
		PartitionMaintenance.Report resumed = maintenance(Map.of("model_usages", 12), StepHook.NONE).run(false);

		assertThat(resumed.failures()).isEmpty();
		assertThat(archives("model_usages")).containsExactly("legacy dropped", "2025-02 dropped", "2025-03 dropped",
				"2025-04 dropped", "2025-05 dropped");
		try (Stream<Path> files = Files.list(this.archive.resolve("model_usages"))) {
			assertThat(files.map((file) -> file.getFileName().toString())).as("one file per archive, no half files")
				.hasSize(5)
				.allMatch((name) -> name.endsWith(".copy.gz"));
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT sum(row_count) FROM lumiku_worker.archive WHERE table_name = 'model_usages'", Long.class))
			.isEqualTo(4);
		new PartitionOperations(this.dataSource, properties(Map.of()), MAINTAINED).restore("model_usages", "2025-02");
		new PartitionOperations(this.dataSource, properties(Map.of()), MAINTAINED).restore("model_usages", "legacy");
		assertThat(this.jdbc.queryForList(MONTHS.formatted("model_usages"), String.class))
			.containsExactly(months.get(0), months.get(1), months.get(3));
	}

	@Test
	void a_truncated_archive_file_is_detected_and_the_partition_is_kept_until_a_good_copy_verifies() throws Exception {
		convert("app_usages");
		users("au1");
		for (String day : List.of("2025-02-05", "2025-02-06", "2025-02-07")) {
			appUsage("au-" + day, day);
		}
		PartitionMaintenance.Report stopped = maintenance(Map.of("app_usages", 12), failOnce("exported")).run(false);
		assertThat(stopped.failures()).hasSize(1);
		Path file = Path.of(this.jdbc.queryForObject(
				"SELECT file_path FROM lumiku_worker.archive WHERE table_name = 'app_usages' AND state = 'exported'",
				String.class));
		byte[] bytes = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

		PartitionMaintenance.Report detected = maintenance(Map.of("app_usages", 12), StepHook.NONE).run(false);

		assertThat(detected.failures()).singleElement().asString().contains("did not verify");
		assertThat(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
				this.jdbc
					.queryForObject("SELECT partition_name FROM lumiku_worker.archive WHERE table_name = 'app_usages'"
							+ " AND last_error IS NOT NULL", String.class)))
			.as("the partition is not dropped")
			.isTrue();
		assertThat(this.registry.get("lumiku_archive_verify_failures").tag("table", "app_usages").counter().count())
			.isEqualTo(1);

		PartitionMaintenance.Report repaired = maintenance(Map.of("app_usages", 12), StepHook.NONE).run(false);
		assertThat(repaired.failures()).isEmpty();
		assertThat(archives("app_usages")).allMatch((line) -> line.endsWith("dropped"));
		assertThat(this.jdbc.queryForObject(
				"SELECT row_count FROM lumiku_worker.archive WHERE table_name = 'app_usages' AND label = '2025-02'",
				Long.class))
			.isEqualTo(3);
	}

}
