package com.lumiku.worker.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code bench queries}: the optimization report's query matrix at its scale (100,000
 * users, 10 million ledger rows by default) on a scratch database of the worker's server,
 * migrated with the production migrations: p50/p99 of each query, its plan's scan nodes,
 * and the report's claimed figure beside it. See docs/db-maintenance.md#bench-queries.
 */
@Command(name = "queries", mixinStandardHelpOptions = true,
		description = { "The report's query matrix (credit balance ... credit history) on generated data:",
				"p50/p99 per query with its plan's scan nodes, beside the report's claimed 8-16 ms.",
				"Uses a scratch database lumiku_bench_<pid> on the same server, dropped afterwards." })
public class QueriesBenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--users", defaultValue = "100000", description = "Users (default ${DEFAULT-VALUE}).")
	long users;

	@Option(names = "--rows", defaultValue = "10000000",
			description = "Credit-ledger rows (default ${DEFAULT-VALUE}); model_usages gets a tenth.")
	long rows;

	@Option(names = "--samples", defaultValue = "2000",
			description = "Measured executions per query (default ${DEFAULT-VALUE}), after a warm-up pass of 500 each.")
	int samples;

	@Override
	public Integer call() throws Exception {
		if (this.users < 1 || this.rows < 1 || this.samples < 10) {
			throw new IllegalArgumentException("--users and --rows must be at least 1, --samples at least 10");
		}
		PrintWriter out = this.spec.commandLine().getOut();
		try (BenchDatabases databases = new BenchDatabases()) {
			String scratch = "lumiku_bench_" + ProcessHandle.current().pid();
			databases.create(scratch, Optional.empty());
			try {
				databases.migrate(scratch);
				out.printf(Locale.ROOT,
						"bench queries: %,d users, %,d ledger rows, %d samples per query; %s; load %s%n", this.users,
						this.rows, this.samples, scratch, load());
				long started = System.nanoTime();
				try (Connection connection = DriverManager.getConnection(databases.url(scratch), databases.user(),
						databases.password())) {
					SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
					new QueriesBenchData(new JdbcTemplate(single), out).load(this.users, this.rows);
					out.printf(Locale.ROOT, "  data ready in %.0f s%n%n", (System.nanoTime() - started) / 1e9);
					QueriesBench bench = new QueriesBench(connection, this.users, out);
					List<QueriesBench.Result> results = bench.run(this.samples);
					bench.print(results);
				}
				out.printf(Locale.ROOT, "%nload after: %s%n", load());
			}
			finally {
				databases.drop(scratch);
			}
		}
		return 0;
	}

	private static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

}
