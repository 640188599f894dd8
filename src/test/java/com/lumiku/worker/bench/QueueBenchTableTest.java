package com.lumiku.worker.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.bench.QueueBenchTable.Row;
import com.lumiku.worker.bench.QueueBenchTable.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The parsing and printing of {@code bench generation-queue} (the benchmark itself runs
 * only by hand): worker reports, percentiles, medians, the table and its ratios.
 */
class QueueBenchTableTest {

	@TempDir
	Path directory;

	@Test
	void reports_of_several_processes_count_jobs_run_twice_and_sort_the_latencies() throws Exception {
		Path first = Files.writeString(this.directory.resolve("a"), "j1 300\nj2 100\n\n");
		Path second = Files.writeString(this.directory.resolve("b"), "j3 200\nj1 900\n");

		QueueBenchTable.Report report = QueueBenchTable.read(List.of(first, second));

		assertThat(report.ran()).isEqualTo(4);
		assertThat(report.distinct()).isEqualTo(3);
		assertThat(report.twice()).isEqualTo(1);
		assertThat(report.latenciesMicros()).containsExactly(100, 200, 300, 900);
		assertThat(report.percentileMillis(50)).isEqualTo(0.2);
		assertThat(report.percentileMillis(99)).isEqualTo(0.9);
	}

	@Test
	void a_garbled_report_line_is_named_by_file_and_line() throws Exception {
		Path file = Files.writeString(this.directory.resolve("bad"), "j1 100\nj2 fast\n");

		assertThatIllegalArgumentException().isThrownBy(() -> QueueBenchTable.read(List.of(file)))
			.withMessageContaining(file + ":2")
			.withMessageContaining("'fast' is not a number");
	}

	@Test
	void medians_ignore_figures_that_were_not_available() {
		assertThat(QueueBenchTable.median(new double[] { 3, 1, 2 })).isEqualTo(2);
		assertThat(QueueBenchTable.median(new double[] { 4, 1, Double.NaN, 2, 3 })).isEqualTo(2.5);
		assertThat(QueueBenchTable.median(new double[] { Double.NaN })).isNaN();
		assertThat(QueueBenchTable.percentile(new long[0], 99)).isNaN();
	}

	@Test
	void the_table_prints_medians_and_the_ratios_against_the_best_peer_and_between_process_counts() {
		Row one = new Row("lumiku generation-queue", "1 process x 4 threads", 4, 1, true,
				List.of(run(9000), run(10000), run(11000)));
		Row two = new Row("lumiku generation-queue", "2 processes x 2 threads", 4, 2, true,
				List.of(run(12000), run(12000), run(30000)));
		Row peer = new Row("graphile-worker 0.18.0", "concurrency 4, localQueue 500", 4, 1, false,
				List.of(run(8000), run(6000), run(7000)));
		Row slower = new Row("pg-boss 12.38.0", "localConcurrency 4, batch 100", 4, 1, false, List.of(run(1000)));
		StringWriter text = new StringWriter();

		QueueBenchTable.print(new PrintWriter(text, true), List.of(one, two, peer, slower));

		assertThat(text.toString()).contains("10,000", "(9,000-11,000)", "12,000", "7,000")
			.contains("4 workers: this queue (2 processes x 2 threads) / best peer (graphile-worker 0.18.0 "
					+ "concurrency 4, localQueue 500) = 1.71x")
			.contains("4 workers: this queue 2 processes x 2 threads / 1 process x 4 threads = 1.20x")
			.contains("waits while draining, lumiku generation-queue 1 process x 4 threads: CPU 75%, IO:WALSync 25%");
	}

	private static Run run(double jobsPerSecond) {
		return new Run(jobsPerSecond, 10, 5, 1, 2, 0, Map.of("CPU", 3, "IO:WALSync", 1));
	}

}
