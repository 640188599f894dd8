package com.lumiku.worker.bench;

import java.util.Optional;
import java.util.concurrent.Callable;

import com.lumiku.worker.analytics.AnalyticsBench;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench analytics}: the incremental refresh of daily_usage after one day of
 * changes against REFRESH MATERIALIZED VIEW CONCURRENTLY and plain REFRESH of the same
 * view, results compared, plus the insert latency the change-capture triggers add; on a
 * scratch database of the worker's server.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true, description = {
		"Load N usage rows over a year (set-based), apply one day of changes (new, late, updated, deleted rows),",
		"then time the incremental refresh of daily_usage against REFRESH MATERIALIZED VIEW CONCURRENTLY and",
		"plain REFRESH, compare the results, and time single-row inserts with and without the triggers.",
		"Scratch database lumiku_bench_<pid>." })
public class AnalyticsBenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--rows", defaultValue = "10000000", description = "Usage rows (default ${DEFAULT-VALUE}).")
	long rows;

	@Option(names = "--inserts", defaultValue = "2000",
			description = "Single-row inserts timed with and without the triggers, each (default ${DEFAULT-VALUE}).")
	int inserts;

	@Option(names = "--keep", description = "Keep the scratch database (prints its name).")
	boolean keep;

	@Override
	public Integer call() throws Exception {
		if (this.rows < 1000) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(),
					"--rows must be at least 1000, got " + this.rows);
		}
		try (BenchDatabases databases = new BenchDatabases()) {
			String scratch = "lumiku_bench_" + ProcessHandle.current().pid();
			databases.create(scratch, Optional.empty());
			try {
				databases.migrate(scratch);
				try (HikariDataSource dataSource = new HikariDataSource()) {
					dataSource.setJdbcUrl(databases.url(scratch));
					dataSource.setUsername(databases.user());
					dataSource.setPassword(databases.password());
					dataSource.setMaximumPoolSize(4);
					new AnalyticsBench(dataSource, this.spec.commandLine().getOut()).run(this.rows, this.inserts);
				}
			}
			finally {
				if (this.keep) {
					this.spec.commandLine().getOut().println("kept scratch database " + scratch);
				}
				else {
					databases.drop(scratch);
				}
			}
		}
		return 0;
	}

}
