package com.lumiku.worker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.lumiku.worker.partition.PartitionBench;
import com.lumiku.worker.partition.PartmanComparison;
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
		"side on a plain copy, by a batched DELETE; app inserts throughout; scratch database lumiku_bench_<pid>.",
		"Then premaking and retention of the same table by pg_partman's run_maintenance() against lumiku's",
		"partition-maintenance, on a server with pg_partman: --partman-db-url, or a scratch PostgreSQL 15",
		"cluster started from /usr/lib/postgresql/15/bin on --partman-port." })
public class PartitionBenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--rows", defaultValue = "10000000", description = "Credits rows (default ${DEFAULT-VALUE}).")
	long rows;

	@Option(names = "--partman-rows",
			description = "Rows per table in the pg_partman comparison (default: the same as --rows).")
	Long partmanRows;

	@Option(names = "--partman-db-url", description = "A superuser JDBC URL of a server with pg_partman available"
			+ " (user and password in the URL); by default a scratch PostgreSQL 15 cluster is started.")
	String partmanUrl;

	@Option(names = "--partman-port", defaultValue = "25451",
			description = "Port of the scratch PostgreSQL 15 cluster (default ${DEFAULT-VALUE}).")
	int partmanPort;

	@Option(names = "--only", description = "Run only one comparison: delete (DELETE against the archive) or partman.")
	String only;

	@Override
	public Integer call() throws Exception {
		if (this.only != null && !this.only.equals("delete") && !this.only.equals("partman")) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(),
					"--only " + this.only + ": expected delete or partman");
		}
		Path archive = Files.createTempDirectory("lumiku-bench-archive");
		try {
			if (!"partman".equals(this.only)) {
				deleteAgainstArchive(archive);
			}
			if (!"delete".equals(this.only)) {
				new PartmanComparison(this.spec.commandLine().getOut(), Optional.ofNullable(this.partmanUrl),
						this.partmanPort, archive.resolve("partman"))
					.run((this.partmanRows != null) ? this.partmanRows : this.rows);
			}
		}
		finally {
			try (var files = Files.walk(archive)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		return 0;
	}

	private void deleteAgainstArchive(Path archive) throws Exception {
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
			}
		}
	}

}
