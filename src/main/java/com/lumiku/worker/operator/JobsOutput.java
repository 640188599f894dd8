package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Plain-text tables for the {@code jobs} commands. */
final class JobsOutput {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private JobsOutput() {
	}

	static void printJobs(PrintWriter out, List<JobControl.JobView> jobs) {
		String format = "%-26s %-22s %-14s %-21s %-8s %-7s %s%n";
		out.printf(format, "JOB", "SCHEDULE", "TIME ZONE", "NEXT FIRE", "PAUSED", "RUNNING", "LAST RUN");
		for (JobControl.JobView job : jobs) {
			String lastRun = job.lastRun()
				.map((run) -> "#" + run.executionId() + " " + run.status() + " "
						+ time(run.endTime().or(run::startTime)))
				.orElse("never");
			out.printf(format, job.name(), job.cron().orElse("(not scheduled)"), job.timeZone().orElse("-"),
					job.paused() ? "(paused)" : time(job.nextFireTime()), job.paused() ? "yes" : "no", job.running(),
					lastRun);
		}
		out.flush();
	}

	static void printRuns(PrintWriter out, List<JobControl.RunView> runs) {
		String format = "%-8s %-34s %-10s %-21s %-21s %s%n";
		out.printf(format, "ID", "RUN KEY", "STATUS", "STARTED", "ENDED", "WORKER");
		for (JobControl.RunView run : runs) {
			out.printf(format, run.executionId(), run.runKey(), run.status(), time(run.startTime()),
					time(run.endTime()), run.worker());
		}
		out.flush();
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

	private static String time(Optional<Instant> instant) {
		return instant.map(TIME::format).orElse("-");
	}

}
