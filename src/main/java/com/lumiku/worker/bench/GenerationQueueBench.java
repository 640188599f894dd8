package com.lumiku.worker.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.lumiku.worker.generation.AppSettings;
import com.lumiku.worker.generation.GenerationHandler;
import com.lumiku.worker.generation.GenerationProcessor;
import com.lumiku.worker.generation.GenerationQueueProperties;
import com.lumiku.worker.generation.GenerationTable;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench generation-queue}: claim + complete throughput with a no-op handler, this
 * queue against the polling the app's optimization report proposes (find 10 pending rows
 * ordered by {@code createdAt}, then update each; see
 * docs/lumiku-app.md#the-optimization-report), with 1, 2 and 4 threads and with 2
 * processes, counting the rows each processed more than once. Runs on a scratch database.
 */
public final class GenerationQueueBench {

	private static final int USERS = 1000;

	private final String url;

	private final String user;

	private final String password;

	private final PrintWriter out;

	/**
	 * @param url JDBC URL of a scratch database at the latest schema version (its
	 * generation rows are truncated)
	 * @param user database user (may be null)
	 * @param password database password (may be null)
	 * @param out where the table goes
	 */
	public GenerationQueueBench(String url, String user, String password, PrintWriter out) {
		this.url = url;
		this.user = user;
		this.password = password;
		this.out = out;
	}

	/** Runs every scenario on {@code rows} rows and prints the table. */
	public void run(int rows, List<String> approaches) throws Exception {
		String format = "%-30s %-24s %8s %14s %16s%n";
		this.out.printf(format, "approach", "workers", "rows", "generations/s", "processed twice");
		for (String approach : approaches) {
			for (int threads : List.of(1, 2, 4)) {
				this.out.printf(format,
						(Object[]) row(approach, threads + " thread(s)", rows, inProcess(approach, threads, rows)));
				this.out.flush();
			}
			this.out.printf(format,
					(Object[]) row(approach, "2 processes x 2 threads", rows, twoProcesses(approach, rows)));
			this.out.flush();
		}
	}

	private static String[] row(String approach, String workers, int rows, Result result) {
		String name = approach.equals("queue") ? "generation-queue (SKIP LOCKED)" : "seed report (findMany+update)";
		return new String[] { name, workers, Integer.toString(rows),
				String.format("%,.0f", rows / (result.nanos() / 1e9)), Integer.toString(result.twice()) };
	}

	private Result inProcess(String approach, int threads, int rows) throws Exception {
		try (HikariDataSource pool = pool(this.url, this.user, this.password, threads + 6)) {
			seed(new JdbcTemplate(pool), rows);
			Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
			long start = System.nanoTime();
			Runnable stop = start(approach, pool, threads, calls);
			awaitIdle(new JdbcTemplate(pool));
			long nanos = System.nanoTime() - start;
			stop.run();
			requireAllCompleted(new JdbcTemplate(pool), rows);
			return new Result(nanos, twice(calls.values().stream().map(AtomicInteger::get).toList()));
		}
	}

	private Result twoProcesses(String approach, int rows) throws Exception {
		try (HikariDataSource pool = pool(this.url, this.user, this.password, 2)) {
			JdbcTemplate jdbc = new JdbcTemplate(pool);
			seed(jdbc, rows);
			List<Process> children = new ArrayList<>();
			List<Path> outputs = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				Path output = Files.createTempFile("lumiku-bench", ".ids");
				outputs.add(output);
				ProcessBuilder builder = new ProcessBuilder(javaCommand(approach, output)).redirectErrorStream(true)
					.redirectOutput(Path.of(output + ".log").toFile());
				if (this.user != null) {
					builder.environment().put("LUMIKU_BENCH_DB_USER", this.user);
				}
				if (this.password != null) {
					builder.environment().put("LUMIKU_BENCH_DB_PASSWORD", this.password);
				}
				children.add(builder.start());
			}
			for (Path output : outputs) {
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (!Files.exists(Path.of(output + ".ready"))) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("bench child did not start; see " + output + ".log");
					}
					Thread.sleep(50);
				}
			}
			long start = System.nanoTime();
			for (Process child : children) {
				child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
				child.getOutputStream().flush();
			}
			awaitIdle(jdbc);
			long nanos = System.nanoTime() - start;
			for (Process child : children) {
				child.getOutputStream().close();
				child.waitFor();
			}
			requireAllCompleted(jdbc, rows);
			Map<String, Integer> calls = new ConcurrentHashMap<>();
			for (Path output : outputs) {
				Files.readAllLines(output).forEach((id) -> calls.merge(id, 1, Integer::sum));
				Files.delete(output);
				Files.deleteIfExists(Path.of(output + ".ready"));
				Files.deleteIfExists(Path.of(output + ".log"));
			}
			return new Result(nanos, twice(calls.values()));
		}
	}

	/**
	 * A child process: waits for "go" on standard input, processes until stdin closes,
	 * then writes the ids its handler saw.
	 */
	public static void child(String url, String approach, Path output) throws Exception {
		try (HikariDataSource pool = pool(url, System.getenv("LUMIKU_BENCH_DB_USER"),
				System.getenv("LUMIKU_BENCH_DB_PASSWORD"), 8)) {
			pool.getConnection().close();
			Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			Files.createFile(Path.of(output + ".ready"));
			in.readLine();
			Runnable stop = start(approach, pool, 2, calls);
			in.readLine();
			stop.run();
			List<String> ids = new ArrayList<>();
			calls.forEach((id, count) -> {
				for (int i = 0; i < count.get(); i++) {
					ids.add(id);
				}
			});
			Files.write(output, ids);
		}
	}

	private static Runnable start(String approach, DataSource pool, int threads, Map<String, AtomicInteger> calls) {
		GenerationHandler handler = (generation) -> {
			calls.computeIfAbsent(generation.id(), (id) -> new AtomicInteger()).incrementAndGet();
			return Map.of();
		};
		if (approach.equals("naive")) {
			return NaivePolling.start(pool, threads, handler);
		}
		GenerationQueueProperties.Handler noop = new GenerationQueueProperties.Handler("noop", null, null, null, null,
				null);
		GenerationQueueProperties properties = new GenerationQueueProperties(true, true, Duration.ofSeconds(1),
				Duration.ofSeconds(5), 2000, Duration.ofMillis(5), Duration.ofMinutes(10), Map.of());
		AppSettings settings = new AppSettings(GenerationTable.LOOPING_FLOW, noop, threads, 1_000_000, 1_000_000, 64,
				500, Duration.ofMinutes(1), Duration.ofMinutes(5), 3, Duration.ofSeconds(1), Duration.ofSeconds(1));
		GenerationProcessor processor = GenerationProcessor.withHandler(pool, "bench-" + ProcessHandle.current().pid(),
				properties, List.of(settings), handler, new SimpleMeterRegistry());
		processor.start();
		return () -> processor.stop(Duration.ofSeconds(10));
	}

	private static void seed(JdbcTemplate jdbc, int rows) {
		jdbc.execute("TRUNCATE looping_flow_generations CASCADE");
		jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				VALUES ('bench-project', 'bench', 'bench', timezone('UTC', now())) ON CONFLICT DO NOTHING""");
		jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "createdAt")
				SELECT 'bench-' || i, 'bench-project', 'user-' || (i % ?), 'v', 10, 1,
				       timezone('UTC', now()) - interval '1 hour' + i * interval '1 millisecond'
				FROM generate_series(1, ?) i""", USERS, rows);
		jdbc.execute("VACUUM ANALYZE looping_flow_generations");
	}

	/** Waits until no row is pending or processing (both answered by partial indexes). */
	private static void awaitIdle(JdbcTemplate jdbc) throws InterruptedException {
		while (Boolean.TRUE.equals(jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM looping_flow_generations WHERE status = 'pending')
				    OR EXISTS (SELECT 1 FROM looping_flow_generations WHERE status = 'processing')""",
				Boolean.class))) {
			Thread.sleep(5);
		}
	}

	/**
	 * Checked once the workers have stopped: the naive polling's late writer (a thread
	 * that read a row as pending before another completed it) may still set it back to
	 * processing after the queue looked idle, and completes it only on its way out.
	 */
	private static void requireAllCompleted(JdbcTemplate jdbc, int rows) {
		long completed = jdbc.queryForObject("SELECT count(*) FROM looping_flow_generations WHERE status = 'completed'",
				Long.class);
		if (completed != rows) {
			throw new IllegalStateException("expected " + rows + " completed rows, found " + completed);
		}
	}

	private static int twice(java.util.Collection<Integer> counts) {
		return (int) counts.stream().filter((count) -> count > 1).count();
	}

	private List<String> javaCommand(String approach, Path output) {
		String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = System.getProperty("java.class.path");
		List<String> arguments = List.of(this.url, approach, output.toString());
		List<String> command = new ArrayList<>(List.of(launcher, "-Xmx256m", "-XX:+UseSerialGC"));
		if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
			// java -jar lumiku-worker.jar: the classes are nested; start them through
			// Boot's launcher
			command.addAll(List.of("-Dloader.main=" + GenerationQueueBench.class.getName(), "-cp", classPath,
					"org.springframework.boot.loader.launch.PropertiesLauncher"));
		}
		else {
			command.addAll(List.of("-cp", classPath, GenerationQueueBench.class.getName()));
		}
		command.addAll(arguments);
		return command;
	}

	static HikariDataSource pool(String url, String user, String password, int size) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(user);
		pool.setPassword(password);
		pool.setMaximumPoolSize(size);
		return pool;
	}

	/** Entry point of a bench child process: URL, approach, output file. */
	public static void main(String[] args) throws Exception {
		child(args[0], args[1], Path.of(args[2]));
	}

	private record Result(long nanos, int twice) {
	}

}
