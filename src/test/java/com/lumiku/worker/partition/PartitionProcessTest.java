package com.lumiku.worker.partition;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12's crash and concurrency claims with real processes: the CLI ({@code partitions
 * convert}, {@code jobs run partition-maintenance}) runs in its own JVM against one test
 * database and is {@code kill -9}ed exactly after each recorded step (the test hook
 * {@code LUMIKU_PARTITIONS_PAUSE_AFTER} blocks it there); a fresh process resumes from
 * that step. Afterwards no row is lost (count and checksum per month against what was
 * there), each month has one archive file and one catalogue row in state dropped, and no
 * user's balance changed. Two maintenance processes started together do each step once.
 */
@Tag("multi-jvm")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionProcessTest {

	private static final String AVATARS = """
			SELECT count(*) || ' ' || md5(string_agg(g::text, '|' ORDER BY id)) FROM avatar_generations g
			""";

	private static final String ALL_ROWS = """
			SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '-') FROM %s t
			WHERE id NOT LIKE 'archive-%%'
			""";

	/** The test's ledger rows (not the app's live inserts), one fingerprint per month. */
	private static final String LEDGER_MONTHS = ArchiveTestSupport.MONTHS
		.formatted("(SELECT * FROM credits WHERE id NOT LIKE 'live-%')");

	@TempDir
	Path archive;

	private final List<Cli> processes = new ArrayList<>();

	private TestDatabase database;

	private JdbcTemplate jdbc;

	private Thread app;

	private final AtomicBoolean stop = new AtomicBoolean();

	private final AtomicInteger inserted = new AtomicInteger();

	private final List<String> failedInserts = java.util.Collections.synchronizedList(new ArrayList<>());

	@AfterEach
	void stop() throws InterruptedException {
		this.stop.set(true);
		if (this.app != null) {
			this.app.join();
		}
		this.processes.forEach(Cli::kill);
		if (this.database != null) {
			PostgresServer.get().dropDatabase(this.database);
		}
	}

	@Test
	void a_conversion_killed_after_each_step_resumes_in_a_fresh_process_and_no_row_is_lost() {
		database("convprocess");
		this.jdbc.update("INSERT INTO users (id, email, password, name, \"updatedAt\") VALUES ('au1', 'au1@x', 'x',"
				+ " 'U', now())");
		this.jdbc.update("""
				INSERT INTO app_usages (id, "userId", "appId", action, "creditUsed", "createdAt")
				SELECT 'old-' || g, 'au1', 'video-mixer', 'generate', 1,
				       timestamp '2026-01-01' + g * interval '37 minutes'
				FROM generate_series(1, 3000) g""");
		String before = this.jdbc.queryForObject(ALL_ROWS.formatted("app_usages"), String.class);
		startApp("INSERT INTO app_usages (id, \"userId\", \"appId\", action, \"creditUsed\", \"createdAt\")"
				+ " VALUES ('live-' || ?, 'au1', 'video-mixer', 'generate', 1, timezone('UTC', now()))");

		for (String step : List.of("planned", "indexed", "checked", "built")) {
			Cli paused = Cli.start("convert-" + step, env(Map.of(StepHook.PAUSE_AFTER, "app_usages:" + step)),
					"partitions", "convert", "app_usages");
			this.processes.add(paused);
			paused.awaitPaused(StepHook.PAUSED + " app_usages " + step);
			paused.kill();
			assertThat(conversionState("app_usages")).as("recorded when killed").isEqualTo(step);
		}
		Cli resumed = Cli.start("convert-resume", env(Map.of()), "partitions", "convert", "app_usages");
		this.processes.add(resumed);
		assertThat(resumed.awaitExit()).as(resumed.output()).isZero();
		stopApp();

		assertThat(conversionState("app_usages")).isEqualTo("converted");
		assertThat(this.jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = 'app_usages'::regclass",
				String.class))
			.isEqualTo("p");
		assertThat(this.failedInserts).as("app inserts that failed during the conversion").isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM app_usages WHERE id LIKE 'live-%'", Integer.class))
			.as("app inserts kept")
			.isEqualTo(this.inserted.get())
			.isPositive();
		assertThat(this.jdbc.queryForObject(ALL_ROWS.formatted("app_usages") + " AND id LIKE 'old-%'", String.class))
			.as("the rows that were there: count and checksum")
			.isEqualTo(before);
	}

	@Test
	void an_archive_killed_after_each_step_resumes_in_a_fresh_process_with_one_file_per_month_and_no_balance_changed()
			throws IOException {
		database("archprocess");
		ledgers();
		List<String> months = this.jdbc.queryForList(LEDGER_MONTHS, String.class);
		List<String> balances = this.jdbc.queryForList(ArchiveTestSupport.NEWEST_BALANCES, String.class);
		startApp("INSERT INTO credits (id, \"userId\", amount, balance, type, \"createdAt\")"
				+ " VALUES ('live-' || ?, 'live', 1, ?::int, 'bonus', timezone('UTC', now()))");

		// after each recorded step, and once in the middle of the export's COPY (400 rows
		// written to the half file, the COPY still streaming)
		for (String step : List.of("detached", "exporting@400", "exported", "verified", "dropped")) {
			Cli paused = Cli.start("archive-" + step, env(Map.of(StepHook.PAUSE_AFTER, "credits:" + step)), "jobs",
					"run", "partition-maintenance");
			this.processes.add(paused);
			boolean inside = step.contains("@");
			paused.awaitPaused(
					inside ? StepHook.PAUSED_INSIDE + " credits exporting 400" : StepHook.PAUSED + " credits " + step);
			if (inside) {
				assertThat(partFiles()).as("the half-written file when killed mid-COPY").hasSize(1);
				assertThat(Files.size(partFiles().get(0))).as("bytes of the half file").isPositive();
			}
			paused.kill();
			sleep(Duration.ofMillis(2500));
			assertThat(archives()).as("catalogue when killed at " + step)
				.first()
				.isEqualTo("legacy " + (inside ? "detached" : step));
			assertThat(balancesExceptLive()).as("balances while killed at " + step).isEqualTo(balances);
		}
		Cli resumed = Cli.start("archive-resume", env(Map.of()), "jobs", "run", "partition-maintenance");
		this.processes.add(resumed);
		assertThat(resumed.awaitExit()).as(resumed.output()).isZero();
		stopApp();

		assertThat(archives()).containsExactly("legacy dropped", month(-3) + " dropped");
		assertThat(archiveFiles()).as("one file per archived month, no half file").hasSize(2);
		assertThat(partFiles()).as("half files left").isEmpty();
		assertArchivedAndRestoredIdentically(months, balances);
	}

	@Test
	void two_maintenance_processes_started_together_do_each_step_once() throws IOException {
		database("twoprocess");
		ledgers();
		List<String> premade = dropFutureMonths("credits");
		List<String> months = this.jdbc.queryForList(LEDGER_MONTHS, String.class);
		List<String> balances = this.jdbc.queryForList(ArchiveTestSupport.NEWEST_BALANCES, String.class);
		Cli first = Cli.start("maintain-1", env(Map.of()), "jobs", "run", "partition-maintenance");
		Cli second = Cli.start("maintain-2", env(Map.of()), "jobs", "run", "partition-maintenance");
		this.processes.add(first);
		this.processes.add(second);
		int firstExit = first.awaitExit();
		int secondExit = second.awaitExit();

		// Either both ran (each table is then maintained by the one that takes its
		// advisory lock first, the other skips it or finds the work done), or the job
		// guard refused the one that came second because the job was running.
		for (Cli cli : List.of(first, second)) {
			assertThat(cli.output()).as(cli.name())
				.containsAnyOf("partition-maintenance execution", "Job 'partition-maintenance' is already running");
		}
		assertThat(List.of(firstExit, secondExit)).as(first.output() + second.output()).contains(0);
		for (Cli cli : List.of(first, second)) {
			if (cli.process().exitValue() != 0) {
				assertThat(cli.output()).as("a process that did not complete was refused, not failed")
					.contains("Job 'partition-maintenance' is already running")
					.doesNotContain("partition-maintenance failed");
			}
		}
		System.out.printf("two processes at once: exits %d and %d; %s%n", firstExit, secondExit,
				(firstExit == 0 && secondExit == 0) ? "both ran" : "one was refused: the job was running");
		assertThat(archives()).containsExactly("legacy dropped", month(-3) + " dropped");
		assertThat(archiveFiles()).hasSize(2);
		assertThat(partitionsAfter("credits", month(0))).as("the future months, premade once").isEqualTo(premade);
		assertThat(doneOnce("premade", first, second)).as("each month premade by one process").isEqualTo(premade);
		assertArchivedAndRestoredIdentically(months, balances);
	}

	/**
	 * The path the job guard does not cover: a worker that looks dead (no heartbeat
	 * within the other's staleness limit: a long GC pause, a network partition) while it
	 * is still working. The second process recovers the first's run as orphaned and runs
	 * the job too, so both maintain at the same moment; the per-table advisory lock keeps
	 * each table to one of them. The first is held (test hook) inside credits with its
	 * lock taken; the second skips credits and is held inside app_usages; the first then
	 * finishes credits and skips app_usages. Every month is premade once, archived once
	 * (one catalogue row, one file, one set of opening-balance rows) and nothing is lost.
	 */
	@Test
	void two_maintenance_processes_running_at_once_past_the_job_guard_maintain_each_table_once() throws IOException {
		database("bothrun");
		ledgers();
		appUsages();
		List<String> creditMonths = this.jdbc.queryForList(LEDGER_MONTHS, String.class);
		List<String> balances = this.jdbc.queryForList(ArchiveTestSupport.NEWEST_BALANCES, String.class);
		String usagesBefore = this.jdbc.queryForObject(ALL_ROWS.formatted("app_usages"), String.class);
		List<String> creditsPremade = dropFutureMonths("credits");
		List<String> usagesPremade = dropFutureMonths("app_usages");
		startApp("INSERT INTO credits (id, \"userId\", amount, balance, type, \"createdAt\")"
				+ " VALUES ('live-' || ?, 'live', 1, ?::int, 'bonus', timezone('UTC', now()))");
		Path releaseFirst = this.archive.resolveSibling(this.archive.getFileName() + "-release-first");
		Path releaseSecond = this.archive.resolveSibling(this.archive.getFileName() + "-release-second");

		// the first beats once at start and then looks dead to the second after 2 s
		Cli first = Cli.start("both-1",
				env(Map.of(StepHook.PAUSE_AFTER, "credits:detached", StepHook.RESUME_FILE, releaseFirst.toString(),
						"LUMIKU_HEARTBEAT_INTERVAL", "1h", "LUMIKU_WORKER_STALE_AFTER", "3h",
						"LUMIKU_PARTITIONS_PAUSE_SECONDS", "120")),
				"jobs", "run", "partition-maintenance");
		this.processes.add(first);
		first.awaitPaused(StepHook.PAUSED + " credits detached");
		sleep(Duration.ofSeconds(3));
		Cli second = Cli.start(
				"both-2", env(Map.of(StepHook.PAUSE_AFTER, "app_usages:exported", StepHook.RESUME_FILE,
						releaseSecond.toString(), "LUMIKU_PARTITIONS_PAUSE_SECONDS", "120")),
				"jobs", "run", "partition-maintenance");
		this.processes.add(second);
		second.awaitPaused(StepHook.PAUSED + " app_usages exported");
		assertThat(second.output()).as("the second ran past the guard: it recovered the first's run")
			.contains("marking it FAILED so it can be restarted")
			.contains("credits: skipped, another process is maintaining it now");
		Files.createFile(releaseFirst);
		int firstExit = first.awaitExit();
		assertThat(first.output()).as("the first, released, finished credits and left app_usages to the second")
			.contains("app_usages: skipped, another process is maintaining it now")
			.doesNotContain("partition-maintenance of credits failed");
		Files.createFile(releaseSecond);
		int secondExit = second.awaitExit();
		stopApp();
		System.out.printf("both past the guard: exits %d (the one presumed dead) and %d%n", firstExit, secondExit);
		assertThat(secondExit).as(second.output()).isZero();

		assertThat(this.jdbc.queryForList("SELECT table_name || ' ' || label || ' ' || state FROM lumiku_worker.archive"
				+ " ORDER BY table_name, range_end", String.class))
			.as("one catalogue row per table and month")
			.containsExactly("app_usages legacy dropped", "app_usages " + month(-3) + " dropped",
					"credits legacy dropped", "credits " + month(-3) + " dropped");
		// the second's report: app_usages only (credits was the first's, and it skipped
		// it)
		assertThat(doneOnce("archived", second)).as("archived by the second")
			.containsExactlyInAnyOrder(Months.partitionName("app_usages", month(-3)), "app_usages_legacy");
		assertThat(doneOnce("premade", second)).as("premade by the second").isEqualTo(usagesPremade);
		if (firstExit == 0) {
			assertThat(doneOnce("archived", first)).as("archived by the first")
				.containsExactlyInAnyOrder(Months.partitionName("credits", month(-3)), "credits_legacy");
		}
		else {
			// its run was marked FAILED by the second, which took it for dead: its own
			// bookkeeping at the end fails, its maintenance (checked below) is done
			assertThat(first.output()).as("the one presumed dead ends on its job record, not on its work")
				.contains("JobRepository failure");
		}
		for (String table : List.of("credits", "app_usages")) {
			try (Stream<Path> files = Files.list(this.archive.resolve(table))) {
				assertThat(files.toList()).as(table + " files").hasSize(2);
			}
		}
		assertThat(partFiles()).isEmpty();
		assertThat(partitionsAfter("credits", month(0))).isEqualTo(creditsPremade);
		assertThat(partitionsAfter("app_usages", month(0))).isEqualTo(usagesPremade);

		assertThat(count("SELECT sum(row_count) FROM lumiku_worker.archive WHERE table_name = 'app_usages'")
				+ count("SELECT count(*) FROM app_usages"))
			.as("app usages archived + kept")
			.isEqualTo(Long.parseLong(usagesBefore.split(" ")[0]));
		assertArchivedAndRestoredIdentically(creditMonths, balances);
	}

	/**
	 * A rows archive (finished generations) killed between two committed delete batches:
	 * the file is verified, part of the rows are deleted, the rest still listed; a fresh
	 * process deletes the rest and nothing is lost or archived twice.
	 */
	@Test
	void a_generation_archive_killed_between_delete_batches_resumes_without_loss_or_a_second_copy() {
		database("genprocess");
		LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusMonths(9).withDayOfMonth(3);
		this.jdbc.update("INSERT INTO users (id, email, password, name, \"updatedAt\") VALUES ('gu1', 'gu1@x', 'x',"
				+ " 'U', now())");
		this.jdbc.update("INSERT INTO avatar_projects (id, \"userId\", name, \"updatedAt\") VALUES ('ap1', 'gu1',"
				+ " 'p', now())");
		this.jdbc.update(
				"""
						INSERT INTO avatar_generations (id, "userId", "projectId", status, prompt, "createdAt")
						SELECT 'ag-' || lpad(g::text, 4, '0'), 'gu1', 'ap1', CASE WHEN g % 7 = 0 THEN 'failed' ELSE 'completed' END,
						       'a portrait ' || g, ?::timestamp + g * interval '1 hour'
						FROM generate_series(1, 600) g""",
				java.sql.Timestamp.valueOf(old));
		String before = this.jdbc.queryForObject(AVATARS, String.class);
		Map<String, String> batches = Map.of("LUMIKU_ARCHIVE_DELETE_BATCH_SIZE", "100");

		Cli paused = Cli.start("gen-delete", env(Map.of(StepHook.PAUSE_AFTER, "avatar_generations:deleting@200",
				"LUMIKU_ARCHIVE_DELETE_BATCH_SIZE", "100")), "jobs", "run", "partition-maintenance");
		this.processes.add(paused);
		paused.awaitPaused(StepHook.PAUSED_INSIDE + " avatar_generations deleting 200");
		paused.kill();
		sleep(Duration.ofMillis(2500));
		assertThat(this.jdbc.queryForList("SELECT state FROM lumiku_worker.archive", String.class))
			.as("killed mid-delete: still verified")
			.containsExactly("verified");
		assertThat(count("SELECT count(*) FROM avatar_generations")).as("rows left after two batches").isEqualTo(400);
		assertThat(count("SELECT count(*) FROM lumiku_worker.archive_row")).as("ids still to delete").isEqualTo(400);

		Cli resumed = Cli.start("gen-resume", env(batches), "jobs", "run", "partition-maintenance");
		this.processes.add(resumed);
		assertThat(resumed.awaitExit()).as(resumed.output()).isZero();
		assertThat(this.jdbc.queryForList("SELECT state || ' ' || row_count FROM lumiku_worker.archive", String.class))
			.containsExactly("dropped 600");
		assertThat(count("SELECT count(*) FROM avatar_generations")).isZero();
		assertThat(count("SELECT count(*) FROM lumiku_worker.archive_row")).isZero();
		try {
			assertThat(partFiles()).isEmpty();
			try (Stream<Path> files = Files.list(this.archive.resolve("avatar_generations"))) {
				assertThat(files.toList()).as("one file, not a second copy").hasSize(1);
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		PartitionProperties properties = new PartitionProperties(3, this.archive, Map.of(), Duration.ofSeconds(2), 5,
				100);
		new PartitionOperations(this.database.dataSource(), properties, Clock.systemUTC(), StepHook.NONE)
			.restore("avatar_generations", Months.label(java.time.YearMonth.from(old)));
		assertThat(this.jdbc.queryForObject(AVATARS, String.class)).as("restored identical").isEqualTo(before);
	}

	/**
	 * Credits converted four months ago (legacy partition before month -3, partitions
	 * premade since) with 60 chained ledgers over months -6 .. 0; a retention of 2 months
	 * archives the legacy partition and month -3.
	 */
	private void ledgers() {
		Clock converted = Clock.fixed(
				month(-4).atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(12)),
				ZoneOffset.UTC);
		PartitionProperties properties = new PartitionProperties(3, this.archive, Map.of(), Duration.ofSeconds(2), 5,
				100);
		new PartitionOperations(this.database.dataSource(), properties, converted, StepHook.NONE).convert("credits",
				false);
		PartitionMetrics metrics = new PartitionMetrics(this.jdbc,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
		assertThat(new PartitionMaintenance(this.database.dataSource(), properties, metrics, Clock.systemUTC(),
				StepHook.NONE)
			.run(false)
			.failures()).isEmpty();
		this.jdbc.update("""
				INSERT INTO users (id, email, password, name, "updatedAt")
				SELECT 'lu' || g, 'lu' || g || '@x', 'x', 'U', now() FROM generate_series(1, 60) g
				UNION ALL SELECT 'live', 'live@x', 'x', 'U', now()""");
		// each user: 40 chained rows four days apart from month -6 on, grants and spends
		this.jdbc.update("""
				INSERT INTO credits (id, "userId", amount, balance, type, "createdAt")
				SELECT 'c-' || u || '-' || n, 'lu' || u, amount,
				       sum(amount) OVER (PARTITION BY u ORDER BY n), CASE WHEN amount > 0 THEN 'bonus' ELSE 'usage' END,
				       ?::timestamp + (n * 4 + u % 3) * interval '1 day' + u * interval '1 minute'
				FROM (SELECT u, n, CASE WHEN n % 5 = 4 THEN -(((n - 1) % 5) * 10 + u % 7) ELSE 10 + u % 7 END AS amount
				      FROM generate_series(1, 60) u, generate_series(0, 39) n) AS r
				WHERE ?::timestamp + (n * 4 + u % 3) * interval '1 day' + u * interval '1 minute'
				      < timezone('UTC', now())""", java.sql.Timestamp.valueOf(month(-6).atDay(1).atStartOfDay()),
				java.sql.Timestamp.valueOf(month(-6).atDay(1).atStartOfDay()));
	}

	/**
	 * App usages converted four months ago like credits ({@link #ledgers()}): 2,000 rows
	 * over months -6 .. -1, so the legacy partition and month -3 are past a retention of
	 * 2.
	 */
	private void appUsages() {
		Clock converted = Clock.fixed(
				month(-4).atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(12)),
				ZoneOffset.UTC);
		PartitionProperties properties = new PartitionProperties(3, this.archive, Map.of(), Duration.ofSeconds(2), 5,
				100);
		new PartitionOperations(this.database.dataSource(), properties, converted, StepHook.NONE).convert("app_usages",
				false);
		assertThat(new PartitionMaintenance(this.database.dataSource(), properties,
				new PartitionMetrics(this.jdbc, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
				Clock.systemUTC(), StepHook.NONE)
			.run(false)
			.failures()).isEmpty();
		this.jdbc.update("""
				INSERT INTO app_usages (id, "userId", "appId", action, "creditUsed", "createdAt")
				SELECT 'au-' || g, 'lu' || (g % 60 + 1), 'video-mixer', 'generate', 1,
				       ?::timestamp + g * (?::timestamp - ?::timestamp) / 2000
				FROM generate_series(0, 1999) g""", java.sql.Timestamp.valueOf(month(-6).atDay(1).atStartOfDay()),
				java.sql.Timestamp.valueOf(month(0).atDay(1).atStartOfDay()),
				java.sql.Timestamp.valueOf(month(-6).atDay(1).atStartOfDay()));
	}

	/**
	 * Drops the (empty) partitions after the current month, so that maintenance has
	 * months to premake; returns their names.
	 */
	private List<String> dropFutureMonths(String table) {
		List<String> future = partitionsAfter(table, month(0));
		assertThat(future).as(table + " months premade before the test").hasSize(3);
		for (String partition : future) {
			this.jdbc.execute("DROP TABLE " + partition);
		}
		return future;
	}

	/** The partitions of a table that start after the given month, by name. */
	private List<String> partitionsAfter(String table, java.time.YearMonth month) {
		return new PartitionBounds(this.jdbc).of(table)
			.stream()
			.filter((p) -> p.from().isPresent() && p.from().get().isAfter(Months.start(month)))
			.map(PartitionBounds.Partition::name)
			.sorted()
			.toList();
	}

	/**
	 * The partitions the processes' reports say they {@code verb} ("premade",
	 * "archived"), sorted; fails if two processes both say so of one partition.
	 */
	private static List<String> doneOnce(String verb, Cli... clis) {
		java.util.regex.Pattern line = java.util.regex.Pattern.compile(": " + verb + " (\\w+)");
		List<String> all = new ArrayList<>();
		for (Cli cli : clis) {
			java.util.Set<String> mine = new java.util.TreeSet<>();
			java.util.regex.Matcher matcher = line.matcher(cli.output());
			while (matcher.find()) {
				mine.add(matcher.group(1));
			}
			for (String name : mine) {
				assertThat(all).as(name + " " + verb + " by two processes").doesNotContain(name);
			}
			all.addAll(mine);
		}
		return all.stream().sorted().toList();
	}

	private void assertArchivedAndRestoredIdentically(List<String> months, List<String> balances) throws IOException {
		assertThat(this.failedInserts).as("app inserts that failed during archival").isEmpty();
		assertThat(balancesExceptLive()).as("every user's visible balance after archival").isEqualTo(balances);
		assertThat(brokenLedgers()).as("ledgers after archival").isEmpty();
		// every row is in the table or in exactly one archive: the rows that were there
		// plus
		// the opening-balance rows the archives added (a later archive takes the earlier
		// one's opening rows with its month)
		assertThat(count("SELECT sum(row_count) FROM lumiku_worker.archive WHERE table_name = 'credits'")
				+ count("SELECT count(*) FROM credits WHERE id NOT LIKE 'live-%'"))
			.as("rows archived + rows kept")
			.isEqualTo(months.stream().mapToLong((month) -> Long.parseLong(month.split(" ")[1])).sum()
					+ count("SELECT count(*) FROM lumiku_worker.archive_carry_forward"));
		assertThat(count("SELECT count(*) FROM lumiku_worker.archive_carry_forward"))
			.as("one opening-balance row per user and archive, not two")
			.isEqualTo(2 * 60);
		assertThat(count("SELECT count(*) FROM credits WHERE \"referenceType\" = 'credit_archive'"))
			.as("opening-balance rows left: the newest archive's")
			.isEqualTo(count("SELECT carried_users FROM lumiku_worker.archive WHERE table_name = 'credits'"
					+ " ORDER BY range_end DESC LIMIT 1"));
		PartitionProperties properties = new PartitionProperties(3, this.archive, Map.of(), Duration.ofSeconds(2), 5,
				100);
		PartitionOperations operations = new PartitionOperations(this.database.dataSource(), properties,
				Clock.systemUTC(), StepHook.NONE);
		operations.restore("credits", month(-3).toString());
		operations.restore("credits", "legacy");
		assertThat(this.jdbc.queryForList(LEDGER_MONTHS, String.class))
			.as("every month restored identical: count and checksum")
			.isEqualTo(months);
		assertThat(balancesExceptLive()).isEqualTo(balances);
		assertThat(brokenLedgers()).as("ledgers after restore").isEmpty();
	}

	private long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void database(String purpose) {
		this.database = MigratedDatabases.fresh(purpose);
		this.jdbc = new JdbcTemplate(this.database.dataSource());
	}

	private Map<String, String> env(Map<String, String> extra) {
		Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
		environment.put("LUMIKU_ARCHIVE_DIR", this.archive.toString());
		environment.put("LUMIKU_RETENTION_CREDITS", "2");
		environment.put("LUMIKU_RETENTION_APP_USAGES", "2");
		environment.put("LUMIKU_PARTITIONS_PAUSE_SECONDS", "600");
		// a killed run is an orphan once its process's heartbeat is this old: the next
		// `jobs run` recovers it (marks it FAILED) instead of refusing to start
		environment.put("LUMIKU_HEARTBEAT_INTERVAL", "500ms");
		environment.put("LUMIKU_WORKER_STALE_AFTER", "2s");
		environment.putAll(extra);
		return environment;
	}

	/** The app: one insert after another, each its own transaction, until stopped. */
	private void startApp(String insert) {
		this.app = new Thread(() -> {
			JdbcTemplate app = new JdbcTemplate(this.database.dataSource());
			while (!this.stop.get()) {
				int n = this.inserted.get() + 1;
				try {
					if (insert.contains("?::int")) {
						app.update(insert, String.valueOf(n), n);
					}
					else {
						app.update(insert, String.valueOf(n));
					}
					this.inserted.incrementAndGet();
				}
				catch (RuntimeException ex) {
					this.failedInserts.add(ex.getMessage());
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "app-inserts");
		this.app.start();
	}

	private void stopApp() {
		this.stop.set(true);
		try {
			this.app.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String conversionState(String table) {
		return this.jdbc.queryForObject("SELECT state FROM lumiku_worker.partition_conversion WHERE table_name = ?",
				String.class, table);
	}

	private List<String> archives() {
		return this.jdbc.queryForList("SELECT label || ' ' || state FROM lumiku_worker.archive"
				+ " WHERE table_name = 'credits' ORDER BY range_end", String.class);
	}

	private List<String> balancesExceptLive() {
		return this.jdbc.queryForList(ArchiveTestSupport.NEWEST_BALANCES, String.class)
			.stream()
			.filter((line) -> !line.startsWith("live="))
			.toList();
	}

	private List<String> archiveFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.archive.resolve("credits"))) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	/** Half-written archive files anywhere under the archive directory. */
	private List<Path> partFiles() throws IOException {
		try (Stream<Path> files = Files.walk(this.archive)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".part")).toList();
		}
	}

	private List<Map<String, Object>> brokenLedgers() throws IOException {
		return this.jdbc
			.queryForList(new ClassPathResource("sql/ledger_invariant.sql").getContentAsString(StandardCharsets.UTF_8));
	}

	private static java.time.YearMonth month(int offset) {
		return java.time.YearMonth.from(LocalDate.now(ZoneOffset.UTC)).plusMonths(offset);
	}

	/** A {@code lumiku-worker} command in its own JVM, its output in a log file. */
	private record Cli(String name, Process process, Path log) {

		static Cli start(String name, Map<String, String> environment, String... arguments) {
			try {
				Path directory = Path.of("target", "worker-processes");
				Files.createDirectories(directory);
				Path log = directory.resolve("partitions-" + name + ".log");
				List<String> command = new ArrayList<>(
						List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
								"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
								System.getProperty("java.class.path"), "com.lumiku.worker.LumikuWorkerApplication"));
				command.addAll(List.of(arguments));
				ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(log.toFile());
				builder.environment().putAll(environment);
				return new Cli(name, builder.start(), log);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException("cannot start " + name, ex);
			}
		}

		/**
		 * Waits for the test hook's line ({@link StepHook#PAUSED} or
		 * {@link StepHook#PAUSED_INSIDE} ...).
		 */
		void awaitPaused(String line) {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.failFast("process " + this.name + " ended before it paused", () -> !this.process.isAlive())
				.until(() -> output().contains(line));
		}

		int awaitExit() {
			try {
				if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
					throw new AssertionError(this.name + " still running after 90 s: " + output());
				}
				return this.process.exitValue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}

		/** kill -9. */
		void kill() {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		String output() {
			try {
				return Files.readString(this.log);
			}
			catch (IOException ex) {
				return "(no output: " + ex.getMessage() + ")";
			}
		}

	}

}
