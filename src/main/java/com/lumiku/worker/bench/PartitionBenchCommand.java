package com.lumiku.worker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.lumiku.worker.partition.PartitionBench;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench partitions}: archiving the oldest 12 of 24 months of credits by
 * partition-maintenance against a batched DELETE of the same rows, with the latency of
 * concurrent app inserts during each; on a scratch database of the worker's server.
 */
@Command(name = "partitions", mixinStandardHelpOptions = true, description = {
		"N credits rows over 24 months; the oldest 12 months removed by detach+export+verify+drop and, side by",
		"side on a plain copy, by a batched DELETE; app inserts throughout; scratch database lumiku_bench_<pid>." })
public class PartitionBenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--rows", defaultValue = "10000000", description = "Credits rows (default ${DEFAULT-VALUE}).")
	long rows;

	@Override
	public Integer call() throws Exception {
		Path archive = Files.createTempDirectory("lumiku-bench-archive");
		try (BenchDatabases databases = new BenchDatabases()) {
			String scratch = "lumiku_bench_" + ProcessHandle.current().pid();
			databases.create(scratch, Optional.empty());
			try {
				databases.migrate(scratch);
				try (HikariDataSource dataSource = new HikariDataSource()) {
					dataSource.setJdbcUrl(databases.url(scratch));
					dataSource.setUsername(databases.user());
					dataSource.setPassword(databases.password());
					dataSource.setMaximumPoolSize(8);
					new PartitionBench(dataSource, this.spec.commandLine().getOut(), archive).run(this.rows);
				}
			}
			finally {
				databases.drop(scratch);
				try (var files = Files.walk(archive)) {
					files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
			}
		}
		return 0;
	}

}
