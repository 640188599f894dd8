package com.lumiku.worker.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.bench.QueueBenchChild.QueueBenchSettings;
import com.lumiku.worker.bench.QueueBenchTable.Report;
import com.lumiku.worker.bench.QueueBenchTable.Row;
import com.lumiku.worker.bench.QueueBenchTable.Run;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench generation-queue}: this queue beside graphile-worker, pg-boss and
 * db-scheduler (bench-peers/, never in the product's jar), the same no-op jobs each, each
 * system on its own scratch database of the same server, interleaved over several rounds.
 * Every configuration starts its worker processes, drains a warm-up burst of half the
 * rows, then the measured burst: the time from the burst's commit to nothing left to run,
 * the database cost of the workers' own backends (the seeding and the benchmark's polling
 * run as another role and are not counted), claim-to-start latency from the handlers, and
 * wait events sampled while draining.
 */
public final class QueuePeersBench {

	static final String SEED_ROLE = "lumiku_bench_seed";

	/**
	 * A diagnostic configuration: the queue as 2 processes with the analytics capture
	 * trigger on updates of the generation table disabled in its scratch database, so the
	 * table shows what that trigger costs per job.
	 */
	static final String WITHOUT_TRIGGER = "queue-without-analytics-trigger";

	private static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);

	private final BenchDatabases databases;

	private final Options options;

	private final PrintWriter out;

	private final String seedPassword = UUID.randomUUID().toString();

	private final String pid = Long.toString(ProcessHandle.current().pid());

	private String workerRole;

	private JdbcTemplate admin;

	private boolean statements;

	private boolean localServer;

	/**
	 * @param rows jobs per measured burst
	 * @param users users the queue's rows belong to
	 * @param rounds rounds (each runs every configuration once, in a rotated order)
	 * @param workers worker counts to compare at
	 * @param systems which systems run: queue, graphile-worker, pg-boss, db-scheduler
	 * @param peers the bench-peers folder
	 * @param fairRows rows of the extra fairness run (0: none)
	 * @param fairUsers users of the fairness run
	 * @param limits the queue's limits
	 */
	public record Options(int rows, int users, int rounds, List<Integer> workers, List<String> systems, Path peers,
			int fairRows, int fairUsers, QueueBenchSettings limits) {
	}

	/** One configuration: a system with its processes and workers per process. */
	private record Config(String system, int processes, int perProcess) {

		int workers() {
			return this.processes * this.perProcess;
		}

		/** This queue (with or without the analytics trigger). */
		boolean queue() {
			return this.system.startsWith("queue");
		}

		/** The diagnostic run without the analytics capture trigger on updates. */
		boolean withoutTrigger() {
			return this.system.equals(WITHOUT_TRIGGER);
		}

		String label() {
			return switch (this.system) {
				case "queue" -> this.processes + (this.processes == 1 ? " process x " : " processes x ")
						+ this.perProcess + " threads";
				case WITHOUT_TRIGGER -> this.processes + " processes x " + this.perProcess + " threads";
				case "graphile-worker" -> "concurrency " + this.perProcess + ", localQueue 500";
				case "pg-boss" -> "localConcurrency " + this.perProcess + ", batch 100";
				default -> "lock-and-fetch, " + this.perProcess + " threads";
			};
		}

		String systemName() {
			return switch (this.system) {
				case "queue" -> "lumiku generation-queue";
				case WITHOUT_TRIGGER -> "lumiku, no analytics trigger";
				case "graphile-worker" -> "graphile-worker 0.18.0";
				case "pg-boss" -> "pg-boss 12.38.0";
				default -> "db-scheduler 16.7.1";
			};
		}

		String database(String pid) {
			return "lumiku_bench_" + this.system.replace('-', '_') + "_" + pid;
		}

	}

	/** Runs the benchmark and prints its table. */
	public static void run(BenchDatabases databases, Options options, PrintWriter out) throws Exception {
		new QueuePeersBench(databases, options, out).run();
	}

	/** The queue's limits in the benchmark. */
	public static QueueBenchSettings limits(int concurrency, int perUserCap, int scanWidth, int claimBatch) {
		return new QueueBenchSettings(concurrency, perUserCap, scanWidth, claimBatch);
	}

	QueuePeersBench(BenchDatabases databases, Options options, PrintWriter out) {
		this.databases = databases;
		this.options = options;
		this.out = out;
	}

	void run() throws Exception {
		List<Config> configs = configs();
		preparePeers(configs);
		JdbcTemplate admin = this.databases.jdbc("postgres");
		this.admin = admin;
		this.workerRole = admin.queryForObject("SELECT current_user", String.class);
		admin.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + SEED_ROLE
				+ "') THEN CREATE ROLE " + SEED_ROLE + " LOGIN; END IF; END $$");
		admin.execute("ALTER ROLE " + SEED_ROLE + " PASSWORD '" + this.seedPassword + "'");
		admin.execute("GRANT \"" + this.workerRole + "\" TO " + SEED_ROLE);
		this.statements = Boolean.TRUE.equals(admin.queryForObject(
				"SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'", Boolean.class));
		if (this.statements) {
			admin.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		// a long-lived server process (each of admin's queries has its own connection)
		Integer serverPid = admin.queryForObject(
				"SELECT coalesce(max(pid), pg_backend_pid()) FROM pg_stat_activity WHERE backend_type = 'checkpointer'",
				Integer.class);
		this.localServer = Files.isReadable(Path.of("/proc", serverPid.toString(), "stat"))
				&& Files.readString(Path.of("/proc", serverPid.toString(), "comm")).trim().startsWith("postgres");
		this.out.printf(Locale.ROOT, "server: %s; pg_stat_statements %s; backend CPU from /proc %s%n",
				admin.queryForObject("SELECT version()", String.class), this.statements ? "on" : "off (n/a)",
				this.localServer ? "on" : "off (n/a: the server is not on this machine)");
		this.out.printf(Locale.ROOT,
				"%d jobs per burst (queue: %d users; concurrency %d, per-user cap %d, scan width %d, claim batch %d), "
						+ "warm-up burst %d, %d rounds; load before: %s%n%n",
				this.options.rows(), this.options.users(), this.options.limits().concurrency(),
				this.options.limits().perUserCap(), this.options.limits().scanWidth(),
				this.options.limits().claimBatch(), this.options.rows() / 2, this.options.rounds(), load());
		this.out.flush();
		List<String> systems = configs.stream().map((c) -> c.queue() ? "queue" : c.system()).distinct().toList();
		try {
			for (String system : systems) {
				createDatabase(new Config(system, 1, 1));
			}
			Map<Config, List<Run>> runs = new LinkedHashMap<>();
			configs.forEach((c) -> runs.put(c, new ArrayList<>()));
			for (int round = 0; round < this.options.rounds(); round++) {
				for (int i = 0; i < configs.size(); i++) {
					Config config = configs.get((i + round) % configs.size());
					Run run = runOnce(config, this.options.rows(), this.options.users());
					runs.get(config).add(run);
					this.out.printf(Locale.ROOT, "round %d: %-24s %-34s %,9.0f jobs/s  p99 %.1f ms  load %s%n",
							round + 1, config.systemName(), config.label(), run.jobsPerSecond(), run.p99Millis(),
							load());
					this.out.flush();
				}
			}
			this.out.println();
			List<Row> rows = new ArrayList<>();
			runs.forEach((config, list) -> rows.add(new Row(config.systemName(), config.label(), config.workers(),
					config.processes(), config.system().equals("queue"), list)));
			QueueBenchTable.print(this.out, rows);
			if (this.options.fairRows() > 0 && systems.contains("queue")) {
				int workers = this.options.workers().get(0);
				Config fair = new Config("queue", 2, Math.max(1, workers / 2));
				Run run = runOnce(fair, this.options.fairRows(), this.options.fairUsers());
				this.out.println();
				QueueBenchTable.print(this.out,
						List.of(new Row(
								config(fair) + ", " + this.options.fairRows() + " pending of "
										+ this.options.fairUsers() + " users",
								fair.label(), fair.workers(), 2, true, List.of(run))));
			}
			this.out.printf(Locale.ROOT, "%nload after: %s%n", load());
		}
		finally {
			for (String system : systems) {
				this.databases.drop(new Config(system, 1, 1).database(this.pid));
			}
		}
	}

	private static String config(Config config) {
		return config.systemName();
	}

	private List<Config> configs() {
		List<Config> configs = new ArrayList<>();
		for (int workers : this.options.workers()) {
			for (String system : this.options.systems()) {
				if (system.equals("queue")) {
					for (int processes : List.of(1, 2, 4)) {
						if (workers % processes == 0) {
							configs.add(new Config(system, processes, workers / processes));
						}
					}
				}
				else if (system.equals(WITHOUT_TRIGGER)) {
					if (workers % 2 == 0) {
						configs.add(new Config(system, 2, workers / 2));
					}
				}
				else if (List.of("graphile-worker", "pg-boss", "db-scheduler").contains(system)) {
					configs.add(new Config(system, 1, workers));
				}
				else {
					throw new IllegalArgumentException("--systems: unknown system '" + system
							+ "'; expected queue, graphile-worker, pg-boss, db-scheduler, " + WITHOUT_TRIGGER);
				}
			}
		}
		return configs;
	}

	/** npm ci and the db-scheduler build, once, when their output is missing. */
	private void preparePeers(List<Config> configs) throws IOException, InterruptedException {
		Path peers = this.options.peers();
		boolean node = configs.stream().anyMatch((c) -> List.of("graphile-worker", "pg-boss").contains(c.system()));
		boolean java = configs.stream().anyMatch((c) -> c.system().equals("db-scheduler"));
		if ((node || java) && !Files.isRegularFile(peers.resolve("package.json"))) {
			throw new IllegalArgumentException("--peers: " + peers.toAbsolutePath()
					+ " is not the bench-peers folder (no package.json); run from the repository root or pass --peers");
		}
		if (node && !Files.isDirectory(peers.resolve("node_modules"))) {
			this.out.println("bench-peers: running npm ci (graphile-worker, pg-boss; pinned in package-lock.json)");
			this.out.flush();
			exec(peers, List.of("npm", "ci", "--no-audit", "--no-fund"));
		}
		if (java && !Files.isDirectory(peers.resolve("db-scheduler/target/lib"))) {
			this.out.println("bench-peers: building db-scheduler-peer (../mvnw -f db-scheduler/pom.xml package)");
			this.out.flush();
			exec(peers, List.of(peers.toAbsolutePath().getParent().resolve("mvnw").toString(), "-B", "-ntp", "-q", "-f",
					"db-scheduler/pom.xml", "package"));
		}
	}

	private static void exec(Path directory, List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed in " + directory);
		}
	}

	private void createDatabase(Config config) {
		String database = config.database(this.pid);
		this.databases.create(database, Optional.empty());
		if (config.queue()) {
			this.databases.migrate(database);
		}
	}

	private Run runOnce(Config config, int rows, int users) throws Exception {
		String database = (config.queue() ? new Config("queue", 1, 1) : config).database(this.pid);
		try (HikariDataSource seedPool = GenerationQueueBench.pool(this.databases.url(database), SEED_ROLE,
				this.seedPassword, 2)) {
			JdbcTemplate seed = new JdbcTemplate(seedPool);
			if (config.queue()) {
				seed.execute("TRUNCATE looping_flow_generations CASCADE");
				seed.update("""
						INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
						VALUES ('bench-project', 'bench', 'bench', timezone('UTC', now())) ON CONFLICT DO NOTHING""");
				seed.execute("ALTER TABLE looping_flow_generations " + (config.withoutTrigger() ? "DISABLE" : "ENABLE")
						+ " TRIGGER analytics_looping_flow_generations_update");
				seed.execute("VACUUM ANALYZE looping_flow_generations");
			}
			List<BenchChild> children = new ArrayList<>();
			try {
				for (int i = 0; i < config.processes(); i++) {
					children.add(start(config, database, i));
				}
				// warm-up: the same path, half the rows, not measured
				seed(config, seed, children, "w", rows / 2, users);
				awaitDrained(config, seed, null);
				report(children);
				Cost before = cost(seed, database);
				Map<String, double[]> statementsBefore = statements(database);
				long start = seed(config, seed, children, "m", rows, users);
				Map<String, Integer> waits = new HashMap<>();
				awaitDrained(config, seed, waits);
				long nanos = System.nanoTime() - start;
				Cost after = cost(seed, database);
				Map<String, double[]> statementsAfter = statements(database);
				Report report = report(children);
				if (report.distinct() != rows) {
					throw new IllegalStateException(config.systemName() + " " + config.label() + " ran "
							+ report.distinct() + " distinct jobs of " + rows);
				}
				if (config.queue()) {
					printStatements(config, statementsBefore, statementsAfter);
				}
				return new Run(rows / (nanos / 1e9), (after.execMillis() - before.execMillis()) * 1000 / rows,
						cpuMicros(before, after) / rows, report.percentileMillis(50), report.percentileMillis(99),
						report.twice(), waits);
			}
			finally {
				for (BenchChild child : children) {
					child.close();
				}
			}
		}
	}

	private BenchChild start(Config config, String database, int index) throws IOException, InterruptedException {
		String name = config.system() + "-" + index;
		Map<String, String> environment = new HashMap<>();
		List<String> command = new ArrayList<>();
		Path peers = this.options.peers().toAbsolutePath();
		String workerJdbc = this.databases.url(database);
		switch (config.system()) {
			case "queue", WITHOUT_TRIGGER -> {
				command.addAll(javaCommand(QueueBenchChild.class.getName()));
				command.add(workerJdbc);
				command.add(Integer.toString(config.perProcess()));
				command.addAll(this.options.limits().arguments());
				if (this.databases.user() != null) {
					environment.put("LUMIKU_BENCH_DB_USER", this.databases.user());
				}
				if (this.databases.password() != null) {
					environment.put("LUMIKU_BENCH_DB_PASSWORD", this.databases.password());
				}
			}
			case "graphile-worker", "pg-boss" -> command.addAll(List.of("node", peers.resolve("peer.mjs").toString(),
					config.system().equals("pg-boss") ? "pgboss" : "graphile",
					postgresUrl(workerJdbc, this.databases.user(), this.databases.password()),
					postgresUrl(workerJdbc, SEED_ROLE, this.seedPassword), Integer.toString(config.perProcess())));
			default -> {
				Path build = peers.resolve("db-scheduler/target");
				command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
						"-cp", build.resolve("classes") + java.io.File.pathSeparator + build.resolve("lib") + "/*",
						"lumiku.peers.DbSchedulerPeer",
						withCredentials(workerJdbc, this.databases.user(), this.databases.password()),
						withCredentials(workerJdbc, SEED_ROLE, this.seedPassword),
						Integer.toString(config.perProcess())));
			}
		}
		return BenchChild.start(name, command, environment, peers);
	}

	/** Seeds a burst; returns System.nanoTime() at its commit. */
	private long seed(Config config, JdbcTemplate seed, List<BenchChild> children, String tag, int rows, int users)
			throws Exception {
		if (config.queue()) {
			seed.update("""
					INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
					        "creditUsed", "createdAt")
					SELECT ? || i, 'bench-project', 'user-' || (i % ?), 'v', 10, 1,
					       timezone('UTC', now()) - interval '1 hour' + i * interval '1 microsecond'
					FROM generate_series(1, ?) i""", "bench-" + tag + "-", users, rows);
			return System.nanoTime();
		}
		children.get(0).command("seed " + rows, "seeded", Duration.ofMinutes(5));
		return System.nanoTime();
	}

	/**
	 * Polls (as the seed role) until nothing is left to run; samples the workers' waits.
	 */
	private void awaitDrained(Config config, JdbcTemplate seed, Map<String, Integer> waits) throws Exception {
		String left = switch (config.system()) {
			case "queue", WITHOUT_TRIGGER -> """
					SELECT EXISTS (SELECT 1 FROM looping_flow_generations WHERE status = 'pending')
					    OR EXISTS (SELECT 1 FROM looping_flow_generations WHERE status = 'processing')""";
			case "graphile-worker" -> "SELECT EXISTS (SELECT 1 FROM graphile_worker._private_jobs)";
			case "pg-boss" -> "SELECT EXISTS (SELECT 1 FROM pgboss.job WHERE name = 'noop' AND state < 'completed')";
			default -> "SELECT EXISTS (SELECT 1 FROM scheduled_tasks)";
		};
		long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
		while (Boolean.TRUE.equals(seed.queryForObject(left, Boolean.class))) {
			if (waits != null) {
				seed.query("""
						SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'CPU')
						            ELSE 'client' END AS what, count(*) AS n
						FROM pg_stat_activity WHERE datname = current_database() AND usename = ?
						  AND backend_type = 'client backend' AND pid <> pg_backend_pid()
						  AND coalesce(wait_event, '') NOT IN ('ClientRead')
						GROUP BY 1""", (rs) -> {
					waits.merge(rs.getString(1), rs.getInt(2), Integer::sum);
				}, this.workerRole);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(config.systemName() + " did not drain within " + DRAIN_LIMIT);
			}
			Thread.sleep(5);
		}
	}

	private Report report(List<BenchChild> children) throws Exception {
		List<Path> files = new ArrayList<>();
		try {
			for (BenchChild child : children) {
				Path file = Files.createTempFile("lumiku-bench", ".ran");
				files.add(file);
				child.command("report " + file, "reported", Duration.ofMinutes(1));
			}
			return QueueBenchTable.read(files);
		}
		finally {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
	}

	/**
	 * The queue's claim, claim-lock and completion statements so far (calls, rows,
	 * statement ms) from pg_stat_statements: where a configuration's database time goes.
	 */
	private Map<String, double[]> statements(String database) {
		Map<String, double[]> kinds = new LinkedHashMap<>();
		if (!this.statements) {
			return kinds;
		}
		this.admin.query("""
				SELECT CASE WHEN query LIKE 'WITH RECURSIVE pending_users%' THEN 'claim'
				            WHEN query LIKE '%pg_advisory_xact_lock%' THEN 'claim lock'
				            WHEN query LIKE 'WITH batch AS MATERIALIZED%' THEN 'completion' END AS kind,
				       sum(calls), sum(rows), sum(total_exec_time)
				FROM pg_stat_statements
				WHERE dbid = (SELECT oid FROM pg_database WHERE datname = ?)
				  AND userid = (SELECT oid FROM pg_roles WHERE rolname = ?)
				GROUP BY 1""", (rs) -> {
			if (rs.getString(1) != null) {
				kinds.put(rs.getString(1), new double[] { rs.getDouble(2), rs.getDouble(3), rs.getDouble(4) });
			}
		}, database, this.workerRole);
		return kinds;
	}

	private void printStatements(Config config, Map<String, double[]> before, Map<String, double[]> after) {
		if (after.isEmpty()) {
			return;
		}
		StringBuilder line = new StringBuilder(
				"statements, " + config.systemName() + " " + config.label() + " (measured burst):");
		for (String kind : List.of("claim", "claim lock", "completion")) {
			double[] b = before.getOrDefault(kind, new double[3]);
			double[] a = after.getOrDefault(kind, new double[3]);
			double calls = a[0] - b[0];
			if (calls <= 0) {
				continue;
			}
			line.append(String.format(Locale.ROOT, "  %s %,.0f x %.0f rows, %.1f ms each;", kind, calls,
					(a[1] - b[1]) / calls, (a[2] - b[2]) / calls));
		}
		this.out.println(line.substring(0, line.length() - 1));
	}

	/** The workers' database cost so far: statement time and backend CPU ticks by pid. */
	private record Cost(double execMillis, Map<Integer, Long> ticks) {
	}

	private Cost cost(JdbcTemplate seed, String database) {
		double exec = this.statements ? this.admin.queryForObject("""
				SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements
				WHERE dbid = (SELECT oid FROM pg_database WHERE datname = ?)
				  AND userid = (SELECT oid FROM pg_roles WHERE rolname = ?)""", Double.class, database, this.workerRole)
				: Double.NaN;
		Map<Integer, Long> ticks = new HashMap<>();
		if (this.localServer) {
			for (Integer backend : seed.queryForList("""
					SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = ?
					  AND backend_type = 'client backend'""", Integer.class, this.workerRole)) {
				ticks.put(backend, ticks(backend));
			}
		}
		return new Cost(exec, ticks);
	}

	/**
	 * utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
	 */
	private static long ticks(int pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * CPU µs of the workers' backends between two readings (Linux: 100 ticks a second).
	 */
	private double cpuMicros(Cost before, Cost after) {
		if (!this.localServer) {
			return Double.NaN;
		}
		long ticks = 0;
		for (Map.Entry<Integer, Long> entry : after.ticks().entrySet()) {
			ticks += entry.getValue() - before.ticks().getOrDefault(entry.getKey(), 0L);
		}
		return ticks * 10_000.0;
	}

	private static String load() {
		try {
			String[] loads = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return loads[0] + " " + loads[1] + " " + loads[2];
		}
		catch (IOException ex) {
			return "n/a";
		}
	}

	/**
	 * jdbc:postgresql://host:port/db?... as postgres://user:password@host:port/db for
	 * node-postgres.
	 */
	static String postgresUrl(String jdbcUrl, String user, String password) {
		Matcher matcher = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+).*").matcher(jdbcUrl);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
		}
		String credentials = (user == null) ? ""
				: encode(user) + ((password == null) ? "" : ":" + encode(password)) + "@";
		return "postgres://" + credentials + matcher.group(1) + "/" + matcher.group(2);
	}

	private static String withCredentials(String jdbcUrl, String user, String password) {
		String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?");
		url += (user != null) ? "user=" + encode(user) : "";
		url += (password != null) ? "&password=" + encode(password) : "";
		return url;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static List<String> javaCommand(String mainClass) {
		String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = System.getProperty("java.class.path");
		List<String> command = new ArrayList<>(List.of(launcher, "-Xmx512m"));
		if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
			command.addAll(List.of("-Dloader.main=" + mainClass, "-cp", Path.of(classPath).toAbsolutePath().toString(),
					"org.springframework.boot.loader.launch.PropertiesLauncher"));
		}
		else {
			command.addAll(List.of("-cp", classPath, mainClass));
		}
		return command;
	}

}
