package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain-text tables for the {@code jobs} commands. Each column is as wide as its widest
 * cell, up to {@value #MAX_WIDTH} characters; a longer cell is cut and ends in {@code …}.
 */
final class JobsOutput {

	/** Widest column; the last column is never cut. */
	static final int MAX_WIDTH = 48;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private JobsOutput() {
	}

	static void printJobs(PrintWriter out, List<JobControl.JobView> jobs) {
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("JOB", "SCHEDULE", "TIME ZONE", "NEXT FIRE", "PAUSED", "RUNNING", "LAST RUN"));
		for (JobControl.JobView job : jobs) {
			String lastRun = job.lastRun()
				.map((run) -> "#" + run.executionId() + " " + run.status() + " "
						+ time(run.endTime().or(run::startTime)))
				.orElse("never");
			rows.add(List.of(job.name(), job.cron().orElse("(not scheduled)"), job.timeZone().orElse("-"),
					job.paused() ? "(paused)" : time(job.nextFireTime()), job.paused() ? "yes" : "no",
					Integer.toString(job.running()), lastRun));
		}
		printTable(out, rows);
	}

	static void printRuns(PrintWriter out, List<JobControl.RunView> runs) {
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("ID", "RUN KEY", "STATUS", "STARTED", "ENDED", "WORKER"));
		for (JobControl.RunView run : runs) {
			rows.add(List.of(Long.toString(run.executionId()), String.valueOf(run.runKey()), run.status(),
					time(run.startTime()), time(run.endTime()), String.valueOf(run.worker())));
		}
		printTable(out, rows);
	}

	static void printRun(PrintWriter out, JobControl.RunView run) {
		out.printf("%s execution %d (run key %s): %s, exit %s%s%n", run.job(), run.executionId(), run.runKey(),
				run.status(), run.exitCode(), run.exitMessage().isBlank() ? "" : " - " + run.exitMessage());
		if (!run.parameters().isEmpty()) {
			// as the run got them, as written: the jobs/ file's, then the operator's
			out.printf("  parameters: %s%n",
					run.parameters()
						.entrySet()
						.stream()
						.map((parameter) -> parameter.getKey() + "=" + parameter.getValue())
						.collect(java.util.stream.Collectors.joining(" ")));
		}
		out.flush();
	}

	/** Rows of cells (the first is the header), columns two spaces apart. */
	static void printTable(PrintWriter out, List<List<String>> rows) {
		int columns = rows.get(0).size();
		int[] widths = new int[columns];
		for (List<String> row : rows) {
			for (int column = 0; column < columns - 1; column++) {
				widths[column] = Math.min(MAX_WIDTH, Math.max(widths[column], row.get(column).length()));
			}
		}
		for (List<String> row : rows) {
			StringBuilder line = new StringBuilder();
			for (int column = 0; column < columns - 1; column++) {
				String cell = fit(row.get(column), widths[column]);
				line.append(cell).append(" ".repeat(widths[column] - cell.length() + 2));
			}
			line.append(row.get(columns - 1));
			out.println(line.toString().stripTrailing());
		}
		out.flush();
	}

	private static String fit(String cell, int width) {
		return (cell.length() <= width) ? cell : cell.substring(0, width - 1) + "…";
	}

	private static String time(Optional<Instant> instant) {
		return instant.map(TIME::format).orElse("-");
	}

}
