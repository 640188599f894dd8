package com.lumiku.worker.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The figures of {@code bench generation-queue}: what the worker processes report (a line
 * "job-id claim-to-start-µs" per job run), one measured run's result, and the table of
 * medians over the rounds with the ratios the issue asks for.
 */
final class QueueBenchTable {

	private QueueBenchTable() {
	}

	/**
	 * What the workers ran in one measured burst.
	 *
	 * @param ran handler calls
	 * @param distinct distinct jobs
	 * @param twice jobs run more than once
	 * @param latenciesMicros claim-to-start of every call, sorted
	 */
	record Report(int ran, int distinct, int twice, long[] latenciesMicros) {

		double percentileMillis(double p) {
			return percentile(this.latenciesMicros, p) / 1000.0;
		}

	}

	/** Reads the report files of one run's worker processes. */
	static Report read(List<Path> files) throws IOException {
		Map<String, Integer> calls = new HashMap<>();
		List<Long> latencies = new ArrayList<>();
		for (Path file : files) {
			int number = 0;
			for (String line : Files.readAllLines(file)) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				String[] words = line.trim().split(" ");
				if (words.length != 2) {
					throw new IllegalArgumentException(
							file + ":" + number + ": expected 'id micros', got '" + line + "'");
				}
				calls.merge(words[0], 1, Integer::sum);
				try {
					latencies.add(Long.parseLong(words[1]));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException(
							file + ":" + number + ": claim-to-start '" + words[1] + "' is not a number", ex);
				}
			}
		}
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		int twice = (int) calls.values().stream().filter((n) -> n > 1).count();
		return new Report(latencies.size(), calls.size(), twice, sorted);
	}

	/** Nearest-rank percentile of sorted values; NaN when there are none. */
	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static double median(double[] values) {
		double[] finite = Arrays.stream(values).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (finite.length == 0) {
			return Double.NaN;
		}
		int middle = finite.length / 2;
		return (finite.length % 2 == 1) ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
	}

	/**
	 * One measured burst of one configuration.
	 *
	 * @param jobsPerSecond jobs / (burst committed → nothing left to run)
	 * @param execMicrosPerJob the workers' statement time in the database per job
	 * (pg_stat_statements total_exec_time; NaN when it is not preloaded)
	 * @param cpuMicrosPerJob the CPU the workers' database backends used per job
	 * (/proc/PID/stat; NaN when the server is not on this machine)
	 * @param p50Millis claim-to-start median
	 * @param p99Millis claim-to-start 99th percentile
	 * @param twice jobs run more than once
	 * @param waits samples of the workers' backends while draining, by wait event (or
	 * "CPU"/"client" when not waiting)
	 */
	record Run(double jobsPerSecond, double execMicrosPerJob, double cpuMicrosPerJob, double p50Millis,
			double p99Millis, int twice, Map<String, Integer> waits) {
	}

	/**
	 * A configuration and its runs.
	 *
	 * @param system "lumiku generation-queue", "graphile-worker 0.18.0", ...
	 * @param configuration e.g. "2 processes x 2 threads"
	 * @param workers workers in all (threads or concurrency)
	 * @param processes worker processes
	 * @param queue whether it is this queue (the ratios compare it with the others)
	 * @param runs its measured runs
	 */
	record Row(String system, String configuration, int workers, int processes, boolean queue, List<Run> runs) {

		double median(ToDoubleFunction<Run> figure) {
			return QueueBenchTable.median(this.runs.stream().mapToDouble(figure).toArray());
		}

		double min() {
			return this.runs.stream().mapToDouble(Run::jobsPerSecond).min().orElse(Double.NaN);
		}

		double max() {
			return this.runs.stream().mapToDouble(Run::jobsPerSecond).max().orElse(Double.NaN);
		}

		int twice() {
			return this.runs.stream().mapToInt(Run::twice).sum();
		}

		/** Share of each wait over all runs, largest first, at most 4. */
		String waits() {
			Map<String, Integer> total = new TreeMap<>();
			this.runs.forEach((run) -> run.waits().forEach((k, v) -> total.merge(k, v, Integer::sum)));
			int all = total.values().stream().mapToInt(Integer::intValue).sum();
			if (all == 0) {
				return "-";
			}
			StringBuilder text = new StringBuilder();
			total.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.limit(4)
				.forEach((e) -> text.append((text.length() > 0) ? ", " : "")
					.append(e.getKey())
					.append(' ')
					.append(Math.round(100.0 * e.getValue() / all))
					.append('%'));
			return text.toString();
		}

	}

	static void print(PrintWriter out, List<Row> rows) {
		String format = "%-26s %-24s %7s %9s %17s %9s %9s %8s %8s %6s%n";
		out.printf(Locale.ROOT, format, "system", "configuration", "workers", "jobs/s", "(min-max)", "DB ms/1k",
				"DB CPU/1k", "c2s p50", "c2s p99", "twice");
		for (Row row : rows) {
			out.printf(Locale.ROOT, format, row.system(), row.configuration(), row.workers(),
					String.format(Locale.ROOT, "%,.0f", row.median(Run::jobsPerSecond)),
					String.format(Locale.ROOT, "(%,.0f-%,.0f)", row.min(), row.max()),
					figure(row.median(Run::execMicrosPerJob)), figure(row.median(Run::cpuMicrosPerJob)),
					millis(row.median(Run::p50Millis)), millis(row.median(Run::p99Millis)), row.twice());
		}
		out.println();
		out.println(
				"jobs/s: median over the rounds (n = " + rows.stream().mapToInt((r) -> r.runs().size()).max().orElse(0)
						+ "); DB ms/1k: the workers' statement time per 1,000 jobs (pg_stat_statements);");
		out.println("DB CPU/1k: CPU ms of the workers' database backends per 1,000 jobs (/proc); c2s: claim-to-start "
				+ "in ms (lock time by the database clock -> handler start)");
		out.println();
		for (Row row : rows) {
			out.printf(Locale.ROOT, "waits while draining, %s %s: %s%n", row.system(), row.configuration(),
					row.waits());
		}
		out.println();
		ratios(rows).forEach(out::println);
	}

	/** The ratios the goals are stated in. */
	static List<String> ratios(List<Row> rows) {
		List<String> lines = new ArrayList<>();
		Map<Integer, List<Row>> byWorkers = new LinkedHashMap<>();
		rows.forEach((row) -> byWorkers.computeIfAbsent(row.workers(), (w) -> new ArrayList<>()).add(row));
		byWorkers.forEach((workers, group) -> {
			Optional<Row> bestQueue = group.stream()
				.filter(Row::queue)
				.max(Comparator.comparingDouble((r) -> r.median(Run::jobsPerSecond)));
			Optional<Row> bestPeer = group.stream()
				.filter((r) -> !r.queue() && !r.system().startsWith("lumiku"))
				.max(Comparator.comparingDouble((r) -> r.median(Run::jobsPerSecond)));
			if (bestQueue.isPresent() && bestPeer.isPresent()) {
				lines.add(String.format(Locale.ROOT, "%d workers: this queue (%s) / best peer (%s %s) = %.2fx", workers,
						bestQueue.get().configuration(), bestPeer.get().system(), bestPeer.get().configuration(),
						bestQueue.get().median(Run::jobsPerSecond) / bestPeer.get().median(Run::jobsPerSecond)));
			}
			List<Row> queues = group.stream()
				.filter(Row::queue)
				.sorted(Comparator.comparingInt(Row::processes))
				.toList();
			for (int i = 1; i < queues.size(); i++) {
				Row fewer = queues.get(i - 1);
				Row more = queues.get(i);
				lines.add(String.format(Locale.ROOT, "%d workers: this queue %s / %s = %.2fx", workers,
						more.configuration(), fewer.configuration(),
						more.median(Run::jobsPerSecond) / fewer.median(Run::jobsPerSecond)));
			}
		});
		return lines;
	}

	private static String figure(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String millis(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
	}

}
