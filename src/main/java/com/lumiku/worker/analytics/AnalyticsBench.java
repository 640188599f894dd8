package com.lumiku.worker.analytics;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code bench analytics}: on a scratch database with N usage rows over a year, applies
 * one day of changes (new rows, late rows with an old {@code createdAt}, status updates,
 * users deleted with their cascades), then brings {@code daily_usage} up to date three
 * ways in one run: the incremental refresh of the dirty keys,
 * {@code REFRESH MATERIALIZED VIEW
 * CONCURRENTLY} and plain {@code REFRESH}, and compares the results (EXCEPT ALL both
 * ways). Then the cost of the change-capture triggers to the app's writes: single-row
 * inserts into {@code credits}, p50/p99 with the triggers and without, in alternating
 * blocks.
 */
public final class AnalyticsBench {

	private static final String DIFFERENCES = """
			SELECT count(*) FROM (
			    (SELECT * FROM lumiku_worker.daily_usage EXCEPT ALL SELECT * FROM lumiku_worker.mv_daily_usage)
			    UNION ALL
			    (SELECT * FROM lumiku_worker.mv_daily_usage EXCEPT ALL SELECT * FROM lumiku_worker.daily_usage)) d""";

	private static final String INSERT_CREDIT = """
			INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceType", "createdAt")
			VALUES (?, ?, -1, 999, 'usage', 'video-mixer: generate', 'app_usage', ?)""";

	private final DataSource dataSource;

	private final PrintWriter out;

	public AnalyticsBench(DataSource dataSource, PrintWriter out) {
		this.dataSource = dataSource;
		this.out = out;
	}

	public void run(long rows, int inserts) throws SQLException {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		int users = (int) Math.max(1000, rows / 100);
		LocalDateTime today = LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay();
		this.out.printf(Locale.ROOT, "bench analytics: %d usage rows over 365 days, %d users; %s%n", rows, users,
				load());
		long started = System.nanoTime();
		AnalyticsBenchData data = new AnalyticsBenchData(jdbc, users);
		loadHistory(users, rows, today);
		jdbc.execute("ANALYZE");
		RefreshSummary summaries = new RefreshSummary(new SingleFlightTransaction(jdbc,
				new DataSourceTransactionManager(this.dataSource), Duration.ofMinutes(1), Duration.ofHours(6)), 50_000);
		summaries.rebuild(AnalyticsView.DAILY_USAGE);
		jdbc.execute("REFRESH MATERIALIZED VIEW lumiku_worker.mv_daily_usage");
		jdbc.execute("VACUUM ANALYZE lumiku_worker.daily_usage");
		jdbc.execute("VACUUM ANALYZE lumiku_worker.mv_daily_usage");
		this.out.printf(Locale.ROOT, "loaded in %.0f s (set-based; triggers off for the history load)%n",
				seconds(started));

		long dayRows = Math.max(100, rows / 365);
		long newRows = data.usage("d", dayRows, today, 1);
		long lateRows = data.usage("l", Math.max(10, dayRows / 100), today.minusDays(365), 364);
		int updated = jdbc.update("""
				UPDATE video_mixer_generations SET status = 'completed', "updatedAt" = now()
				WHERE id IN (SELECT id FROM video_mixer_generations WHERE status IN ('pending', 'processing')
				             ORDER BY "createdAt" DESC LIMIT 500)""");
		int cascaded = jdbc.queryForObject(
				"""
						SELECT (SELECT count(*) FROM credits WHERE "userId" IN (SELECT 'u' || g FROM generate_series(1, 10) g))
						     + (SELECT count(*) FROM model_usages WHERE "userId" IN (SELECT 'u' || g FROM generate_series(1, 10) g))
						""",
				Integer.class);
		jdbc.update(
				"DELETE FROM video_mixer_projects WHERE \"userId\" IN (SELECT 'u' || g FROM generate_series(1, 10) g)");
		jdbc.update("DELETE FROM users WHERE id IN (SELECT 'u' || g FROM generate_series(1, 10) g)");
		long dirty = jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.analytics_dirty_daily_usage", Long.class);
		this.out.printf(Locale.ROOT,
				"one day of changes: %d new rows, %d late rows (createdAt up to a year old), %d status updates,"
						+ " 10 users deleted (%d ledger and model rows cascaded); %d dirty-key rows%n%n",
				newRows, lateRows, updated, cascaded, dirty);

		long t0 = System.nanoTime();
		long keys = 0;
		RefreshOutcome batch;
		do {
			batch = summaries.incrementalBatch(AnalyticsView.DAILY_USAGE);
			keys += batch.keys();
		}
		while (!summaries.isDrained(batch));
		double incremental = seconds(t0);
		long t1 = System.nanoTime();
		jdbc.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY lumiku_worker.mv_daily_usage");
		double concurrent = seconds(t1);
		long afterConcurrent = jdbc.queryForObject(DIFFERENCES, Long.class);
		long t2 = System.nanoTime();
		jdbc.execute("REFRESH MATERIALIZED VIEW lumiku_worker.mv_daily_usage");
		double plain = seconds(t2);
		long afterPlain = jdbc.queryForObject(DIFFERENCES, Long.class);
		long viewRows = jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.mv_daily_usage", Long.class);

		this.out.printf(Locale.ROOT, "%-44s %12s %16s%n", "daily_usage brought up to date by", "seconds",
				"vs CONCURRENTLY");
		this.out.printf(Locale.ROOT, "%-44s %12.3f %15.1fx%n", "incremental (" + keys + " keys recomputed)",
				incremental, concurrent / incremental);
		this.out.printf(Locale.ROOT, "%-44s %12.3f %15.1fx%n", "REFRESH MATERIALIZED VIEW CONCURRENTLY", concurrent,
				1.0);
		this.out.printf(Locale.ROOT, "%-44s %12.3f %15.1fx%n", "REFRESH MATERIALIZED VIEW (blocks readers)", plain,
				concurrent / plain);
		this.out.printf(Locale.ROOT,
				"%nresults (%d view rows): summary vs view after CONCURRENTLY: %d rows differ; after REFRESH: %d rows"
						+ " differ (EXCEPT ALL both ways) -> %s%n",
				viewRows, afterConcurrent, afterPlain,
				(afterConcurrent == 0 && afterPlain == 0) ? "identical" : "DIFFERENT");
		this.out.printf(Locale.ROOT, "goal: incremental >= 50x faster than CONCURRENTLY: %s%n%n",
				(concurrent / incremental >= 50) ? "met" : "NOT met");
		insertLatency(users, inserts);
		this.out.printf(Locale.ROOT, "%nload at the end: %s%n", load());
	}

	private void insertLatency(int users, int inserts) throws SQLException {
		List<Long> with = new ArrayList<>();
		List<Long> without = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(INSERT_CREDIT);
				Statement ddl = connection.createStatement()) {
			connection.setAutoCommit(true);
			Timestamp now = Timestamp.valueOf(LocalDateTime.now(java.time.ZoneOffset.UTC));
			int block = 100;
			for (int i = 0; i < inserts * 2; i += block) {
				boolean triggers = (i / block) % 2 == 0;
				ddl.execute("ALTER TABLE credits " + (triggers ? "ENABLE" : "DISABLE")
						+ " TRIGGER analytics_credits_insert");
				for (int j = 0; j < block; j++) {
					insert.setString(1, "p" + i + "-" + j);
					insert.setString(2, "u" + (11 + (i + j) % (users - 10)));
					insert.setTimestamp(3, now);
					long start = System.nanoTime();
					insert.executeUpdate();
					(triggers ? with : without).add(System.nanoTime() - start);
				}
			}
			ddl.execute("ALTER TABLE credits ENABLE TRIGGER analytics_credits_insert");
		}
		this.out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "single-row INSERT INTO credits (autocommit)", "p50 ms",
				"p99 ms", "mean ms");
		printLatency("without the analytics trigger", without);
		printLatency("with the analytics trigger", with);
	}

	private void printLatency(String name, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
		this.out.printf(Locale.ROOT, "%-44s %10.3f %10.3f %10.3f%n", name + " (" + sorted.size() + ")",
				sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6, mean);
	}

	/**
	 * Loads the history as a restore would: on one connection with
	 * {@code session_replication_role = replica} (no triggers, no FK checks; the rows are
	 * consistent by construction); the summary is then built whole.
	 */
	private void loadHistory(int users, long rows, LocalDateTime today) throws SQLException {
		try (Connection loader = this.dataSource.getConnection(); Statement statement = loader.createStatement()) {
			loader.setAutoCommit(true);
			statement.execute("SET session_replication_role = replica");
			AnalyticsBenchData history = new AnalyticsBenchData(
					new JdbcTemplate(new SingleConnectionDataSource(loader, true)), users);
			history.users();
			history.usage("h", rows, today.minusDays(365), 365);
			statement.execute("SET session_replication_role = origin");
		}
	}

	private static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

	private static String load() {
		try {
			return "load average " + Files.readString(Path.of("/proc/loadavg")).strip() + ", "
					+ Runtime.getRuntime().availableProcessors() + " cores";
		}
		catch (java.io.IOException ex) {
			return "load average unknown";
		}
	}

}
