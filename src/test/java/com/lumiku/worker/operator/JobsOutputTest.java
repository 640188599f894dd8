package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs tables line up whatever the cells hold. */
class JobsOutputTest {

	@Test
	void a_long_run_key_widens_its_column_and_every_row_stays_aligned() {
		String longKey = "manual-2026-12-01T09:15:00.123456789Z-backfill";
		StringWriter text = new StringWriter();
		JobsOutput.printRuns(new PrintWriter(text), List.of(run(1, "2026-12-01T09:15:00Z"), run(22, longKey)));
		List<String> lines = text.toString().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(2)).contains(longKey + "  COMPLETED");
		int status = lines.get(0).indexOf("STATUS");
		assertThat(lines).allSatisfy((line) -> assertThat(line.substring(status))
			.startsWith(line.equals(lines.get(0)) ? "STATUS" : "COMPLETED"));
	}

	@Test
	void a_cell_longer_than_the_widest_column_is_cut_visibly() {
		String huge = "k".repeat(500);
		StringWriter text = new StringWriter();
		JobsOutput.printRuns(new PrintWriter(text), List.of(run(1, huge)));
		String row = text.toString().lines().toList().get(1);
		assertThat(row).contains("k".repeat(JobsOutput.MAX_WIDTH - 1) + "…  COMPLETED").doesNotContain(huge);
	}

	private static JobControl.RunView run(long id, String runKey) {
		Instant at = Instant.parse("2026-12-01T09:15:00Z");
		return new JobControl.RunView(id, "session-cleanup", runKey, "COMPLETED", "COMPLETED", Optional.of(at),
				Optional.of(at), "worker-1", "manual", Map.of(), "");
	}

}
