package com.lumiku.worker.partition;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.TestRows;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code partition-maintenance} through Spring Batch with the shipped configuration
 * (generations kept 6 months): finished generations older than that are exported,
 * verified and deleted; pending ones, recent ones and ones with child rows stay; a
 * restore brings the rows back identical. A dry run changes nothing.
 */
@SpringBootTest(properties = "lumiku.partitions.archive-directory=target/test-archive/GenerationArchiveJobTest")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GenerationArchiveJobTest extends WorkerIntegrationTest {

	private static final String AVATARS = """
			SELECT id || ' ' || md5(g::text) FROM avatar_generations g ORDER BY id
			""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	JobRuns runs;

	@Autowired
	PartitionProperties properties;

	@Test
	void finished_generations_past_retention_are_archived_by_the_job_and_restored_identical() {
		LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusMonths(9).withDayOfMonth(10);
		avatar("ag-old-done", "completed", old);
		avatar("ag-old-failed", "failed", old.plusHours(1));
		avatar("ag-old-pending", "pending", old.plusHours(2));
		avatar("ag-recent-done", "completed", LocalDateTime.now(ZoneOffset.UTC).minusMonths(2));
		TestRows.project("looping_flow_projects", "lp1", "gu1").insert(this.jdbc);
		TestRows.loopingFlowGeneration("lf-old-with-layer", "lp1", "gu1")
			.set("status", "completed")
			.createdAt(old)
			.insert(this.jdbc);
		this.jdbc.update("INSERT INTO looping_flow_audio_layers (id, \"generationId\", \"layerIndex\", \"fileName\","
				+ " \"filePath\", \"fileSize\", duration) VALUES ('layer1', 'lf-old-with-layer', 0, 'a', 'a', 1, 1)");
		List<String> before = this.jdbc.queryForList(AVATARS, String.class);

		JobExecution dryRun = this.runs.run(RunRequest.manual("partition-maintenance", Map.of("dryRun", "true")));
		assertThat(dryRun.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList(AVATARS, String.class)).isEqualTo(before);

		JobExecution run = this.runs.run(RunRequest.manual("partition-maintenance", Map.of()));

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList("SELECT id FROM avatar_generations ORDER BY id", String.class))
			.containsExactly("ag-old-pending", "ag-recent-done");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM looping_flow_generations", Integer.class))
			.as("a generation with audio layers is kept, its layers with it")
			.isEqualTo(1);
		String month = Months.label(Months.of(old));
		assertThat(this.jdbc
			.queryForList("SELECT table_name || ' ' || label || ' ' || kind || ' ' || state || ' ' || row_count"
					+ " FROM lumiku_worker.archive", String.class))
			.containsExactly("avatar_generations " + month + " rows dropped 2");

		new PartitionOperations(this.dataSource, this.properties, Clock.systemUTC()).restore("avatar_generations",
				month);

		assertThat(this.jdbc.queryForList(AVATARS, String.class)).isEqualTo(before);
		assertThat(Path.of(this.jdbc.queryForObject("SELECT file_path FROM lumiku_worker.archive", String.class)))
			.exists();
	}

	private void avatar(String id, String status, LocalDateTime createdAt) {
		this.jdbc.update(
				"INSERT INTO avatar_generations (id, \"userId\", \"projectId\", status, prompt, \"createdAt\")"
						+ " VALUES (?, 'gu1', 'ap1', ?, 'a portrait', ?)",
				id, status, java.sql.Timestamp.valueOf(createdAt));
	}

}
