package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.lumiku.worker.bench.BulkBenchCommand;
import com.lumiku.worker.bench.GenerationQueueBench;
import org.flywaydb.core.Flyway;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: benchmarks that print a table; never part of the test suite. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its table.",
		subcommands = { BenchCommand.GenerationQueue.class, BulkBenchCommand.class })
class BenchCommand {

	/**
	 * {@code bench generation-queue}: claim + complete throughput of the queue against
	 * the seed report's polling, on a scratch database created (and dropped) beside the
	 * configured one.
	 */
	@Command(name = "generation-queue", mixinStandardHelpOptions = true,
			description = { "Claim + complete throughput (no-op handler) of the generation queue and of the seed",
					"report's findMany-then-update polling, 1/2/4 threads and 2 processes, with the number of",
					"rows each processed twice. Uses a scratch database lumiku_bench_<pid> on the same server." })
	static class GenerationQueue implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--rows", defaultValue = "20000", description = "Generations per run (default 20000).")
		int rows;

		@Option(names = "--approaches", defaultValue = "queue,naive", split = ",",
				description = "Which to run: queue, naive (default both).")
		java.util.List<String> approaches;

		@Override
		public Integer call() throws Exception {
			PrintWriter out = this.spec.commandLine().getOut();
			try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
				Environment environment = runtime.context().getEnvironment();
				String url = environment.getRequiredProperty("spring.datasource.url");
				String user = environment.getProperty("spring.datasource.username");
				String password = environment.getProperty("spring.datasource.password");
				JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
				String scratch = "lumiku_bench_" + ProcessHandle.current().pid();
				jdbc.execute("CREATE DATABASE " + scratch);
				try {
					String scratchUrl = withDatabase(url, scratch);
					Flyway.configure()
						.dataSource(scratchUrl, user, password)
						.locations("classpath:db/migration")
						.load()
						.migrate();
					out.printf(Locale.ROOT, "bench generation-queue: %d rows per run, %d cores, database %s%n%n",
							this.rows, Runtime.getRuntime().availableProcessors(), scratch);
					new GenerationQueueBench(scratchUrl, user, password, out).run(this.rows, this.approaches);
				}
				finally {
					jdbc.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
				}
			}
			return 0;
		}

		private static String withDatabase(String jdbcUrl, String database) {
			int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
			int query = jdbcUrl.indexOf('?');
			return jdbcUrl.substring(0, slash + 1) + database + ((query >= 0) ? jdbcUrl.substring(query) : "");
		}

	}

}
