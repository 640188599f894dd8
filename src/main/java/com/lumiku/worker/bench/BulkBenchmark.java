package com.lumiku.worker.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.lumiku.worker.bulk.BulkAction;
import com.lumiku.worker.bulk.BulkMetrics;
import com.lumiku.worker.operator.WorkerRuntime;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import io.micrometer.core.instrument.Timer;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bulk jobs against the single statements they replace, on scratch copies of one
 * loaded database: {@code session-cleanup} against {@code DELETE FROM sessions WHERE
 * "expiresAt" < now()} (throughput, longest lock hold, p99 of a concurrent token lookup),
 * and {@code quota-reset} against one {@code INSERT ... SELECT} for every user.
 */
final class BulkBenchmark {

	private static final String TEMPLATE = "lumiku_bench_template";

	private static final String RUN = "lumiku_bench_run";

	private static final String SINGLE_DELETE = "DELETE FROM sessions WHERE \"expiresAt\" < (now() AT TIME ZONE 'UTC')";

	private static final String SINGLE_QUOTA_INSERT = """
			INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "resetAt",
			                          "createdAt", "updatedAt")
			SELECT gen_random_uuid()::text, u.id, 'daily', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 0,
			       10, date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day',
			       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
			FROM users u
			ON CONFLICT ("userId", period, "quotaType") DO NOTHING
			""";

	private final PrintWriter out;

	private final long users;

	private final long sessions;

	private final long batchSize;

	BulkBenchmark(PrintWriter out, long users, long sessions, long batchSize) {
		this.out = out;
		this.batchSize = batchSize;
		this.users = users;
		this.sessions = sessions;
	}

	void run() {
		try (BenchDatabases databases = new BenchDatabases()) {
			try {
				runOn(databases);
			}
			finally {
				databases.drop(RUN);
				databases.drop(TEMPLATE);
			}
		}
	}

	private void runOn(BenchDatabases databases) {
		{
			long loadStarted = System.nanoTime();
			databases.create(TEMPLATE, Optional.empty());
			databases.migrate(TEMPLATE);
			new BenchData(databases.jdbc(TEMPLATE)).load(this.users, this.sessions);
			long expired = databases.jdbc(TEMPLATE)
				.queryForObject("SELECT count(*) FROM sessions WHERE \"expiresAt\" < (now() AT TIME ZONE 'UTC')",
						Long.class);
			this.out.printf("Loaded %,d users and %,d sessions (%,d expired) in %.0f s%n%n", this.users, this.sessions,
					expired, seconds(System.nanoTime() - loadStarted));
			this.out.flush();

			Row single = singleDelete(databases, expired);
			List<Row> jobs = List.of(sessionCleanupJob(databases, expired, 1),
					sessionCleanupJob(databases, expired, 2));
			printSessions(single, jobs);

			Row quotaSingle = singleQuotaInsert(databases);
			Row quotaJob = quotaResetJob(databases);
			printQuota(quotaSingle, quotaJob);
		}
	}

	private Row singleDelete(BenchDatabases databases, long expired) {
		databases.create(RUN, Optional.of(TEMPLATE));
		JdbcTemplate jdbc = databases.jdbc(RUN);
		jdbc.execute("VACUUM ANALYZE sessions");
		LatencyProbe probe = new LatencyProbe(databases.url(RUN), databases.user(), databases.password(),
				this.sessions);
		pause(Duration.ofSeconds(1));
		long started = System.nanoTime();
		int deleted = jdbc.update(SINGLE_DELETE);
		long took = System.nanoTime() - started;
		double[] latency = probe.stop();
		databases.drop(RUN);
		// one statement, one transaction: every deleted row stays locked until it ends
		return new Row("single DELETE", deleted, took, took, latency, expired);
	}

	private Row sessionCleanupJob(BenchDatabases databases, long expired, int parallelism) {
		databases.create(RUN, Optional.of(TEMPLATE));
		databases.jdbc(RUN).execute("VACUUM ANALYZE sessions");
		try (WorkerRuntime runtime = runtimeOn(databases)) {
			LatencyProbe probe = new LatencyProbe(databases.url(RUN), databases.user(), databases.password(),
					this.sessions);
			pause(Duration.ofSeconds(1));
			long started = System.nanoTime();
			JobExecution run = runtime.bean(JobRuns.class)
				.run(RunRequest.manual("session-cleanup",
						Map.of("batchSize", String.valueOf(this.batchSize), "pause", "0s", "maxRunTime", "2h",
								"devicesInactiveFor", "3650d", "parallelism", String.valueOf(parallelism),
								// a manual run starts from jobs/session-cleanup.yml,
								// which keeps 30 days
								"keepExpiredFor", "0s")));
			long took = System.nanoTime() - started;
			double[] latency = probe.stop();
			if (run.getStatus() != BatchStatus.COMPLETED) {
				throw new IllegalStateException("session-cleanup ended " + run.getStatus());
			}
			long deleted = run.getStepExecutions()
				.stream()
				.filter((step) -> step.getStepName().equals("delete-expired-sessions"))
				.mapToLong((step) -> step.getWriteCount())
				.sum();
			Timer batches = runtime.bean(BulkMetrics.class)
				.batchTime(new BulkAction("session-cleanup", "deleted-sessions"));
			this.out.printf("session-cleanup, parallelism %d: %,d batches of %.0f ms on average%n", parallelism,
					batches.count(), batches.mean(TimeUnit.MILLISECONDS));
			double longestBatch = batches.max(TimeUnit.NANOSECONDS);
			return new Row("session-cleanup job, parallelism " + parallelism, deleted, took, (long) longestBatch,
					latency, expired);
		}
		finally {
			databases.drop(RUN);
		}
	}

	private Row singleQuotaInsert(BenchDatabases databases) {
		databases.create(RUN, Optional.of(TEMPLATE));
		long started = System.nanoTime();
		int opened = databases.jdbc(RUN).update(SINGLE_QUOTA_INSERT);
		long took = System.nanoTime() - started;
		databases.drop(RUN);
		return new Row("single INSERT ... SELECT", opened, took, took, null, this.users);
	}

	private Row quotaResetJob(BenchDatabases databases) {
		databases.create(RUN, Optional.of(TEMPLATE));
		try (WorkerRuntime runtime = runtimeOn(databases)) {
			long started = System.nanoTime();
			JobExecution run = runtime.bean(JobRuns.class)
				.run(RunRequest.manual("quota-reset",
						Map.of("batchSize", String.valueOf(this.batchSize), "maxRunTime", "2h")));
			long took = System.nanoTime() - started;
			long opened = run.getStepExecutions()
				.stream()
				.filter((step) -> step.getStepName().equals("open-quota-periods"))
				.mapToLong((step) -> step.getWriteCount())
				.sum();
			double longestBatch = runtime.bean(BulkMetrics.class)
				.batchTime(new BulkAction("quota-reset", "opened-periods"))
				.max(TimeUnit.NANOSECONDS);
			return new Row("quota-reset job", opened, took, (long) longestBatch, null, this.users);
		}
		finally {
			databases.drop(RUN);
		}
	}

	private static WorkerRuntime runtimeOn(BenchDatabases databases) {
		Map<String, String> environment = databases.workerEnvironment(RUN);
		environment.forEach(System::setProperty);
		try {
			return WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of("spring.flyway.enabled", "false"));
		}
		finally {
			environment.keySet().forEach(System::clearProperty);
		}
	}

	private void printSessions(Row single, List<Row> jobs) {
		this.out.printf("session-cleanup (batchSize %,d) vs one DELETE (%,d sessions, %,d expired)%n", this.batchSize,
				this.sessions, single.candidates());
		this.out.println(
				"| approach | rows deleted | seconds | rows/s | longest lock hold (s) | token lookup p50 / p99 / max (ms) | lookups |");
		this.out.println("|---|---|---|---|---|---|---|");
		for (Row row : Stream.concat(Stream.of(single), jobs.stream()).toList()) {
			this.out.printf("| %s | %,d | %.1f | %,.0f | %.3f | %.2f / %.2f / %.1f | %,.0f |%n", row.name(), row.rows(),
					seconds(row.nanos()), row.rowsPerSecond(), seconds(row.longestLockNanos()), row.latency()[0],
					row.latency()[1], row.latency()[2], row.latency()[3]);
		}
		for (Row job : jobs) {
			this.out.printf("%s: throughput / single statement %.0f %%; longest lock hold ratio 1 : %.0f%n", job.name(),
					100 * job.rowsPerSecond() / single.rowsPerSecond(),
					(double) single.longestLockNanos() / Math.max(1, job.longestLockNanos()));
		}
		this.out.println();
		this.out.flush();
	}

	private void printQuota(Row single, Row job) {
		this.out.printf("quota-reset (batchSize %,d) vs one INSERT ... SELECT (%,d users)%n", this.batchSize,
				this.users);
		this.out.println("| approach | periods opened | seconds | rows/s | longest transaction (s) |");
		this.out.println("|---|---|---|---|---|");
		for (Row row : List.of(single, job)) {
			this.out.printf("| %s | %,d | %.1f | %,.0f | %.3f |%n", row.name(), row.rows(), seconds(row.nanos()),
					row.rowsPerSecond(), seconds(row.longestLockNanos()));
		}
		this.out.printf("job throughput / single statement: %.0f %%%n",
				100 * job.rowsPerSecond() / single.rowsPerSecond());
		this.out.flush();
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Row(String name, long rows, long nanos, long longestLockNanos, double[] latency, long candidates) {

		double rowsPerSecond() {
			return this.rows / seconds(this.nanos);
		}

	}

}
