package com.lumiku.worker.partition;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.lumiku.worker.database.Migrations;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pg_partman part of {@code bench partitions}: premaking and retention of the same
 * credits table by pg_partman's {@code run_maintenance()} and by lumiku's
 * partition-maintenance, side by side in one run, on one PostgreSQL server that has
 * pg_partman (the embedded server does not): the same rows, the same 24 months, premake
 * 3, retention 12 months. Each runs with app inserts going on, whose latency is reported.
 *
 * <p>
 * The server is either given ({@code --partman-db-url}, a superuser on a server with the
 * pg_partman extension available: a scratch database is created there and dropped) or a
 * scratch PostgreSQL 15 cluster this class starts from {@code /usr/lib/postgresql/15/bin}
 * (as user postgres when run as root) on a private port and removes afterwards. When
 * neither is possible it prints one line saying why.
 */
public final class PartmanComparison {

	private static final Path POSTGRES_15 = Path.of("/usr/lib/postgresql/15/bin");

	private static final String SCRATCH_DATABASE = "lumiku_partman_bench";

	private static final String GENERATE = """
			INSERT INTO %s (id, "userId", amount, balance, type, "createdAt")
			SELECT 'bench-' || g, 'bench-user-' || (g %% 1000), 1, 1, 'bonus',
			       ?::timestamp + (g::float8 / ?) * (?::timestamp - ?::timestamp)
			FROM generate_series(0, ? - 1) AS g
			""";

	private static final String PARTMAN_CHILDREN = """
			SELECT s.partition_schemaname || '.' || s.partition_tablename AS child, i.child_start_time AS start
			FROM partman.show_partitions('public.credits_pm') s,
			     LATERAL partman.show_partition_info(s.partition_schemaname || '.' || s.partition_tablename) i
			""";

	private record Outcome(String method, long premade, long dropped, long rowsGone, double seconds,
			InsertProbe.Latencies inserts, BenchResources.Used used) {
	}

	private final PrintWriter out;

	private final Optional<String> serverUrl;

	private final int port;

	private final Path archiveDirectory;

	public PartmanComparison(PrintWriter out, Optional<String> serverUrl, int port, Path archiveDirectory) {
		this.out = out;
		this.serverUrl = serverUrl;
		this.port = port;
		this.archiveDirectory = archiveDirectory;
	}

	/**
	 * Runs the comparison with {@code rows} rows in each table; never throws for a
	 * missing server.
	 */
	public void run(long rows) throws InterruptedException {
		ScratchCluster cluster = null;
		String adminUrl;
		try {
			if (this.serverUrl.isPresent()) {
				adminUrl = this.serverUrl.get();
			}
			else {
				cluster = ScratchCluster.start(this.port);
				adminUrl = cluster.url("postgres");
			}
		}
		catch (PartitionException ex) {
			notMeasured(ex.getMessage());
			return;
		}
		try {
			compare(adminUrl, rows, (cluster != null) ? "a scratch PostgreSQL 15 cluster on port " + this.port
					: "the server of --partman-db-url");
		}
		catch (PartitionException ex) {
			notMeasured(ex.getMessage());
		}
		finally {
			if (cluster != null) {
				cluster.close();
			}
		}
	}

	private void compare(String adminUrl, long rows, String where) throws InterruptedException {
		JdbcTemplate admin = new JdbcTemplate(dataSource(adminUrl, 1));
		Integer available = admin
			.queryForObject("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_partman'", Integer.class);
		if (available == null || available == 0) {
			throw new PartitionException(
					"pg_partman is not installed on " + where + " (Debian: apt-get install postgresql-15-partman)");
		}
		String version = admin.queryForObject("SHOW server_version", String.class);
		admin.execute("DROP DATABASE IF EXISTS " + SCRATCH_DATABASE);
		admin.execute("CREATE DATABASE " + SCRATCH_DATABASE);
		String url = adminUrl.replaceFirst("/([^/?]*)(\\?|$)", "/" + SCRATCH_DATABASE + "$2");
		try (HikariDataSource dataSource = dataSource(url, 8)) {
			Migrations.configuration(dataSource).load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			YearMonth current = YearMonth.now(ZoneOffset.UTC);
			prepare(dataSource, jdbc, rows, current);
			String partman = jdbc.queryForObject("SELECT extversion FROM pg_extension WHERE extname = 'pg_partman'",
					String.class);
			Outcome lumiku = lumiku(dataSource, jdbc, current);
			Outcome pgPartman = partman(jdbc, current, partman);
			print(rows, current, version, where, lumiku, pgPartman);
		}
		finally {
			admin.execute("DROP DATABASE IF EXISTS " + SCRATCH_DATABASE + " WITH (FORCE)");
			((HikariDataSource) admin.getDataSource()).close();
		}
	}

	/**
	 * Both tables get partitions for months -24 .. 0 (none premade), N rows each over
	 * months -24 .. -1, and are analyzed.
	 */
	private void prepare(DataSource dataSource, JdbcTemplate jdbc, long rows, YearMonth current) {
		jdbc.update("INSERT INTO users (id, email, password, \"updatedAt\") SELECT 'bench-user-' || g,"
				+ " 'bench-' || g || '@example.com', 'x', now() FROM generate_series(0, 999) g");
		// lumiku: converted 26 months ago (an empty legacy partition), months premade
		// through
		// the current one
		Clock past = Clock.fixed(Months.start(current.minusMonths(26)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
		new PartitionOperations(dataSource, properties(1, Map.of()), past, StepHook.NONE).convert("credits", false);
		Clock lastMonth = Clock.fixed(Months.start(current.minusMonths(1)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
		new PartitionMaintenance(dataSource, properties(1, Map.of()), metrics(jdbc), lastMonth, StepHook.NONE)
			.run(false);
		// pg_partman: the same columns, keys, indexes and foreign keys, partitioned
		// natively
		// and handed to create_parent from month -24
		jdbc.execute("CREATE SCHEMA partman");
		jdbc.execute("CREATE EXTENSION pg_partman SCHEMA partman");
		jdbc.execute("CREATE TABLE credits_pm (LIKE credits INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
				+ " PARTITION BY RANGE (\"createdAt\")");
		jdbc.execute("ALTER TABLE credits_pm ADD PRIMARY KEY (id, \"createdAt\")");
		for (String index : jdbc.queryForList("""
				SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
				WHERE i.indrelid = 'credits'::regclass AND NOT i.indisprimary""", String.class)) {
			jdbc.execute(index.replaceFirst("INDEX \\S+ ON ONLY public\\.credits ", "INDEX ON public.credits_pm "));
		}
		for (String foreignKey : jdbc.queryForList(
				"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'credits'::regclass AND contype = 'f'",
				String.class)) {
			jdbc.execute("ALTER TABLE credits_pm ADD " + foreignKey);
		}
		jdbc.queryForObject(
				"SELECT partman.create_parent('public.credits_pm', 'createdAt', 'native', 'monthly',"
						+ " p_premake := 3, p_start_partition := ?, p_jobmon := false)",
				Boolean.class, Timestamp.valueOf(Months.start(current.minusMonths(24))).toString());
		for (String child : futureChildren(jdbc, current)) {
			jdbc.execute("DROP TABLE " + child);
		}
		jdbc.update("UPDATE partman.part_config SET retention = '12 months', retention_keep_table = false,"
				+ " retention_keep_index = false, infinite_time_partitions = true"
				+ " WHERE parent_table = 'public.credits_pm'");
		LocalDateTime from = Months.start(current.minusMonths(24));
		LocalDateTime to = Months.start(current);
		for (String table : List.of("credits", "credits_pm")) {
			jdbc.update(GENERATE.formatted(table), Timestamp.valueOf(from), rows, Timestamp.valueOf(to),
					Timestamp.valueOf(from), rows);
			jdbc.execute("VACUUM ANALYZE " + table);
		}
	}

	private Outcome lumiku(DataSource dataSource, JdbcTemplate jdbc, YearMonth current) throws InterruptedException {
		long partitionsBefore = months(jdbc);
		long before = benchRows(jdbc, "credits");
		ArchiveTiming timing = new ArchiveTiming();
		PartitionMaintenance maintenance = new PartitionMaintenance(dataSource, properties(3, Map.of("credits", 12)),
				metrics(jdbc), Clock.systemUTC(), timing);
		try (InsertProbe probe = new InsertProbe(jdbc, "credits", "bench-user-1")) {
			BenchResources resources = BenchResources.start(jdbc);
			long start = System.nanoTime();
			PartitionMaintenance.Report report = maintenance.run(false);
			double seconds = (System.nanoTime() - start) / 1e9;
			InsertProbe.Latencies inserts = probe.stop();
			BenchResources.Used used = resources.stop();
			this.insertsByStep = probe.describeBy(timing::stepAt);
			if (!report.failures().isEmpty()) {
				throw new PartitionException("lumiku's partition-maintenance failed: " + report.failures());
			}
			long premade = new PartitionBounds(jdbc).of("credits")
				.stream()
				.filter((p) -> p.from().isPresent() && p.from().get().isAfter(Months.start(current)))
				.count();
			long after = months(jdbc);
			this.lumikuSteps = timing;
			return new Outcome("lumiku partition-maintenance", premade, partitionsBefore + premade - after,
					before - benchRows(jdbc, "credits"), seconds, inserts, used);
		}
	}

	private ArchiveTiming lumikuSteps;

	/** Monthly partitions of credits (not the empty legacy one, which also goes). */
	private static long months(JdbcTemplate jdbc) {
		return new PartitionBounds(jdbc).of("credits").stream().filter((p) -> p.from().isPresent()).count();
	}

	private Outcome partman(JdbcTemplate jdbc, YearMonth current, String version) throws InterruptedException {
		long childrenBefore = jdbc.queryForList(PARTMAN_CHILDREN).size();
		long before = benchRows(jdbc, "credits_pm");
		try (InsertProbe probe = new InsertProbe(jdbc, "credits_pm", "bench-user-1")) {
			BenchResources resources = BenchResources.start(jdbc);
			long start = System.nanoTime();
			jdbc.execute("SELECT partman.run_maintenance(p_parent_table := 'public.credits_pm', p_analyze := false,"
					+ " p_jobmon := false)");
			double seconds = (System.nanoTime() - start) / 1e9;
			InsertProbe.Latencies inserts = probe.stop();
			BenchResources.Used used = resources.stop();
			long premade = futureChildren(jdbc, current).size();
			long after = jdbc.queryForList(PARTMAN_CHILDREN).size();
			return new Outcome("pg_partman " + version + " run_maintenance()", premade,
					childrenBefore + premade - after, before - benchRows(jdbc, "credits_pm"), seconds, inserts, used);
		}
	}

	private void print(long rows, YearMonth current, String version, String where, Outcome lumiku, Outcome partman) {
		this.out.printf(
				"%npg_partman comparison on PostgreSQL %s (%s): %,d credits rows per table over 24 months"
						+ " (%s .. %s), partitions through %s; premake 3 months, retention 12 months%n",
				version, where, rows, Months.label(current.minusMonths(24)), Months.label(current.minusMonths(1)),
				Months.label(current));
		this.out.printf("%-40s %8s %8s %12s %9s %9s %9s %9s %9s%n", "method", "premade", "dropped", "rows gone",
				"run s", "inserts", "p50 ms", "p99 ms", "max ms");
		for (Outcome outcome : List.of(partman, lumiku)) {
			this.out.printf("%-40s %8d %8d %,12d %9.2f %,9d %9.2f %9.2f %9.2f%n", outcome.method(), outcome.premade(),
					outcome.dropped(), outcome.rowsGone(), outcome.seconds(), outcome.inserts().count(),
					outcome.inserts().p50(), outcome.inserts().p99(), outcome.inserts().max());
		}
		ArchiveTiming steps = this.lumikuSteps;
		this.out.printf("  lumiku's steps, summed over the months: %s%n", steps.describe());
		this.out.printf("  lumiku's inserts by the step going on when each began: %s%n", this.insertsByStep);
		this.out.printf(
				"  lumiku's detach + drop alone (what pg_partman's retention does; it keeps no copy):"
						+ " %.2f s, of which the parent's ACCESS EXCLUSIVE lock: %.3f s%n",
				steps.seconds("detached") + steps.seconds("dropped"), steps.lockedSeconds());
		for (Outcome outcome : List.of(partman, lumiku)) {
			this.out.printf("  %s: %s%n", outcome.method(), outcome.used().describe());
		}
		this.out.printf("longest insert wait, pg_partman / lumiku: %.1fx; run time, pg_partman / lumiku: %.2f%n",
				partman.inserts().max() / Math.max(lumiku.inserts().max(), 1e-6),
				partman.seconds() / Math.max(lumiku.seconds(), 1e-6));
		this.out.println("(pg_partman: one run_maintenance() call, one transaction, p_analyze false, a default"
				+ " partition as pg_partman 4.x makes one; retention drops without a copy. lumiku: premake, then per"
				+ " month carry forward + DETACH, export, verify by reading back, drop, each step committed)");
		this.out.flush();
	}

	private void notMeasured(String why) {
		this.out.printf("%npg_partman comparison: not measured: %s%n", why);
		this.out.flush();
	}

	private static List<String> futureChildren(JdbcTemplate jdbc, YearMonth current) {
		return jdbc.queryForList(PARTMAN_CHILDREN)
			.stream()
			.filter((child) -> child.get("start") != null && ((java.util.Date) child.get("start")).toInstant()
				.isAfter(Months.start(current).toInstant(ZoneOffset.UTC)))
			.map((child) -> (String) child.get("child"))
			.toList();
	}

	private static long benchRows(JdbcTemplate jdbc, String table) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE id LIKE 'bench-%'", Long.class);
		return (count != null) ? count : 0;
	}

	private String insertsByStep = "";

	private PartitionProperties properties(int premake, Map<String, Integer> retention) {
		return new PartitionProperties(premake, this.archiveDirectory, retention, Duration.ofSeconds(2), 20, 1000);
	}

	private static PartitionMetrics metrics(JdbcTemplate jdbc) {
		return new PartitionMetrics(jdbc, new SimpleMeterRegistry());
	}

	private static HikariDataSource dataSource(String url, int size) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(size);
		dataSource.addDataSourceProperty("options", "-c TimeZone=UTC");
		return dataSource;
	}

	/**
	 * A PostgreSQL 15 cluster in a temporary directory on a private port, run as user
	 * postgres when this process is root (initdb refuses root), trust authentication on
	 * localhost only; stopped and removed by {@link #close()}.
	 */
	private static final class ScratchCluster implements AutoCloseable {

		private final Path directory;

		private final int port;

		private final boolean asPostgres;

		private ScratchCluster(Path directory, int port, boolean asPostgres) {
			this.directory = directory;
			this.port = port;
			this.asPostgres = asPostgres;
		}

		static ScratchCluster start(int port) {
			if (!Files.isExecutable(POSTGRES_15.resolve("initdb"))) {
				throw new PartitionException("no PostgreSQL 15 server binaries in " + POSTGRES_15
						+ " (apt-get install postgresql-15 postgresql-15-partman), and no --partman-db-url given");
			}
			boolean root = isRoot();
			Path directory;
			try {
				directory = Files.createTempDirectory("lumiku-partman-pg15-");
			}
			catch (IOException ex) {
				throw new PartitionException("cannot create a directory for the scratch cluster: " + ex, ex);
			}
			ScratchCluster cluster = new ScratchCluster(directory, port, root);
			try {
				if (root) {
					cluster.exec(false, "chown", "postgres:postgres", directory.toString());
				}
				cluster.exec(true, POSTGRES_15.resolve("initdb").toString(), "-D", cluster.data(), "-U", "postgres",
						"-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
				cluster.exec(true, POSTGRES_15.resolve("pg_ctl").toString(), "-D", cluster.data(), "-l",
						directory.resolve("server.log").toString(), "-w", "-t", "60", "-o",
						"-p " + port + " -k " + directory + " -c listen_addresses=localhost", "start");
			}
			catch (PartitionException ex) {
				String log = tail(directory.resolve("server.log"));
				cluster.close();
				throw new PartitionException("cannot start a scratch PostgreSQL 15 cluster on port " + port + ": "
						+ ex.getMessage().replaceAll("\\s*\\n\\s*", " ") + log, ex);
			}
			return cluster;
		}

		String url(String database) {
			return "jdbc:postgresql://localhost:" + this.port + "/" + database + "?user=postgres";
		}

		private String data() {
			return this.directory.resolve("data").toString();
		}

		private void exec(boolean asServerUser, String... command) {
			List<String> line = new ArrayList<>();
			if (asServerUser && this.asPostgres) {
				line.addAll(List.of("runuser", "-u", "postgres", "--"));
			}
			line.addAll(List.of(command));
			try {
				Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
				String output = new String(process.getInputStream().readAllBytes());
				if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new PartitionException(String.join(" ", line) + " failed: " + output.strip());
				}
			}
			catch (IOException ex) {
				throw new PartitionException(String.join(" ", line) + " could not run: " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PartitionException("interrupted: " + String.join(" ", line), ex);
			}
		}

		@Override
		public void close() {
			if (Files.exists(this.directory.resolve("data").resolve("postmaster.pid"))) {
				try {
					exec(true, POSTGRES_15.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
				}
				catch (PartitionException ex) {
					// removed below all the same
				}
			}
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary directory
			}
		}

		private static boolean isRoot() {
			try {
				return Files.readAllLines(Path.of("/proc/self/status"))
					.stream()
					.filter((line) -> line.startsWith("Uid:"))
					.anyMatch((line) -> line.split("\\s+")[1].equals("0"));
			}
			catch (IOException ex) {
				return false;
			}
		}

		private static String tail(Path log) {
			try {
				List<String> lines = Files.readAllLines(log);
				return "; server log: "
						+ String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
			}
			catch (IOException ex) {
				return "";
			}
		}

	}

}
