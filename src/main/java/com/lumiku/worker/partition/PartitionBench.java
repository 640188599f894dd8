package com.lumiku.worker.partition;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench partitions}: N credits rows over 24 months; the oldest 12 months leave by
 * partition-maintenance (carry forward + detach, export, verify, drop) and, side by side
 * on a plain copy of the same rows, by a batched DELETE; app inserts run throughout each
 * and their latency is measured.
 */
public final class PartitionBench {

	private static final String GENERATE = """
			INSERT INTO %s (id, "userId", amount, balance, type, "createdAt")
			SELECT 'bench-' || g, 'bench-user-' || (g %% 1000), 1, 1, 'bonus',
			       ?::timestamp + (g::float8 / ?) * (?::timestamp - ?::timestamp)
			FROM generate_series(0, ? - 1) AS g
			""";

	private record Outcome(String method, long rowsRemoved, double seconds, double lockSeconds,
			InsertProbe.Latencies inserts, BenchResources.Used used, String phases) {
	}

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PrintWriter out;

	private final Path archiveDirectory;

	private double vacuumSeconds;

	public PartitionBench(DataSource dataSource, PrintWriter out, Path archiveDirectory) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.out = out;
		this.archiveDirectory = archiveDirectory;
	}

	public void run(long rows) throws InterruptedException {
		YearMonth current = YearMonth.now(ZoneOffset.UTC);
		LocalDateTime from = Months.start(current.minusMonths(24));
		LocalDateTime to = Months.start(current);
		prepare(rows, current, from, to);
		LocalDateTime cutoff = Months.start(current.minusMonths(12));
		Outcome delete = batchedDelete(cutoff);
		Outcome archive = archive();
		this.out.printf("bench partitions: %,d credits rows over 24 months (%s .. %s); the oldest 12 months removed%n",
				rows, Months.label(current.minusMonths(24)), Months.label(current.minusMonths(1)));
		this.out.printf("%-34s %12s %10s %14s %9s %9s %9s %9s%n", "method", "rows gone", "run s", "parent lock s",
				"inserts", "p50 ms", "p99 ms", "max ms");
		for (Outcome outcome : List.of(delete, archive)) {
			this.out.printf("%-34s %,12d %10.2f %14.3f %,9d %9.2f %9.2f %9.2f%n", outcome.method(),
					outcome.rowsRemoved(), outcome.seconds(), outcome.lockSeconds(), outcome.inserts().count(),
					outcome.inserts().p50(), outcome.inserts().p99(), outcome.inserts().max());
		}
		this.out.printf("the DELETE's dead rows then took a VACUUM of %.2f s (not in its run s); the archive frees"
				+ " its files' space at DROP%n", this.vacuumSeconds);
		this.out.printf("DELETE run / archive's lock time: %.0fx; insert p99 archive / DELETE: %.2f%n",
				delete.seconds() / Math.max(archive.lockSeconds(), 1e-6),
				archive.inserts().p99() / Math.max(delete.inserts().p99(), 1e-6));
		for (Outcome outcome : List.of(delete, archive)) {
			this.out.printf("  %s: %s%n", outcome.method(), outcome.used().describe());
		}
		this.out.printf("  archive steps, summed over the months: %s; archive files %,d bytes%n", archive.phases(),
				this.jdbc.queryForObject("SELECT coalesce(sum(file_bytes), 0) FROM lumiku_worker.archive", Long.class));
		this.out.printf("  the archive's inserts by the step going on when each began: %s%n", this.insertsByStep);
		this.out.println("(parent lock s: for DELETE its whole run, which holds row locks and competes for I/O;"
				+ " for the archive, the sum over the 12 months of the time from DETACH to commit, while the parent's"
				+ " ACCESS EXCLUSIVE lock is held)");
		this.out.flush();
	}

	private void prepare(long rows, YearMonth current, LocalDateTime from, LocalDateTime to) {
		this.jdbc.update("INSERT INTO users (id, email, password, \"updatedAt\") SELECT 'bench-user-' || g,"
				+ " 'bench-' || g || '@example.com', 'x', now() FROM generate_series(0, 999) g");
		Clock past = Clock.fixed(Months.start(current.minusMonths(26)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
		new PartitionOperations(this.dataSource, properties(Map.of()), past).convert("credits", false);
		new PartitionMaintenance(this.dataSource, properties(Map.of()), metrics(), Clock.systemUTC()).run(false);
		for (String table : List.of("credits", "credits_plain")) {
			if (table.equals("credits_plain")) {
				this.jdbc.execute("CREATE TABLE credits_plain (LIKE credits INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
				this.jdbc.execute("ALTER TABLE credits_plain ADD PRIMARY KEY (id)");
				this.jdbc.execute("CREATE INDEX ON credits_plain (\"userId\", \"createdAt\" DESC)");
				this.jdbc.execute("CREATE INDEX ON credits_plain (\"createdAt\")");
				this.jdbc.execute("CREATE INDEX ON credits_plain (type)");
			}
			this.jdbc.update(GENERATE.formatted(table), Timestamp.valueOf(from), rows, Timestamp.valueOf(to),
					Timestamp.valueOf(from), rows);
		}
		this.jdbc.execute("VACUUM ANALYZE credits");
		this.jdbc.execute("VACUUM ANALYZE credits_plain");
	}

	private Outcome batchedDelete(LocalDateTime cutoff) throws InterruptedException {
		try (InsertProbe probe = new InsertProbe(this.jdbc, "credits_plain", "bench-user-1")) {
			BenchResources resources = BenchResources.start(this.jdbc);
			long start = System.nanoTime();
			long removed = 0;
			for (int batch = 1; batch > 0; removed += batch) {
				batch = this.jdbc
					.update("DELETE FROM credits_plain WHERE ctid = ANY (ARRAY(SELECT ctid FROM credits_plain"
							+ " WHERE \"createdAt\" < ? LIMIT 10000))", Timestamp.valueOf(cutoff));
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			InsertProbe.Latencies inserts = probe.stop();
			BenchResources.Used used = resources.stop();
			long vacuumStart = System.nanoTime();
			this.jdbc.execute("VACUUM credits_plain");
			this.vacuumSeconds = (System.nanoTime() - vacuumStart) / 1e9;
			return new Outcome("batched DELETE (10k rows/tx)", removed, seconds, seconds, inserts, used, "");
		}
	}

	private Outcome archive() throws InterruptedException {
		ArchiveTiming timing = new ArchiveTiming();
		Long before = this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE id LIKE 'bench-%'", Long.class);
		try (InsertProbe probe = new InsertProbe(this.jdbc, "credits", "bench-user-1")) {
			BenchResources resources = BenchResources.start(this.jdbc);
			long start = System.nanoTime();
			PartitionMaintenance.Report report = new PartitionMaintenance(this.dataSource,
					properties(Map.of("credits", 12)), metrics(), Clock.systemUTC(), timing)
				.run(false);
			double seconds = (System.nanoTime() - start) / 1e9;
			InsertProbe.Latencies inserts = probe.stop();
			BenchResources.Used used = resources.stop();
			this.insertsByStep = probe.describeBy(timing::stepAt);
			if (!report.failures().isEmpty()) {
				throw new PartitionException("the archive failed: " + report.failures());
			}
			Long after = this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE id LIKE 'bench-%'", Long.class);
			return new Outcome("detach+export+verify+drop", before - after, seconds, timing.lockedSeconds(), inserts,
					used, timing.describe());
		}
	}

	private String insertsByStep = "";

	private PartitionProperties properties(Map<String, Integer> retention) {
		return new PartitionProperties(3, this.archiveDirectory, retention, Duration.ofSeconds(2), 20, 1000);
	}

	private PartitionMetrics metrics() {
		return new PartitionMetrics(this.jdbc, new SimpleMeterRegistry());
	}

}
