package com.lumiku.worker.bench;

import java.util.concurrent.Callable;

import com.lumiku.worker.bulk.BulkSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench bulk}: the bulk-job benchmark, on scratch databases of the worker's
 * server.
 */
@Command(name = "bulk", mixinStandardHelpOptions = true, description = {
		"Benchmark session-cleanup against one DELETE and quota-reset against one INSERT ... SELECT,",
		"on scratch databases (lumiku_bench_*) of the worker's server; the worker's own database is untouched." })
public class BulkBenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--users", defaultValue = "1000000", description = "Users to load (default ${DEFAULT-VALUE}).")
	long users;

	@Option(names = "--sessions", defaultValue = "10000000",
			description = "Sessions to load, 80 %% expired (default ${DEFAULT-VALUE}).")
	long sessions;

	@Option(names = "--batch-size", defaultValue = "50000",
			description = "batchSize of the jobs (default ${DEFAULT-VALUE}).")
	long batchSize;

	@Override
	public Integer call() {
		if (this.users < 1 || this.sessions < 1) {
			throw new ParameterException(this.spec.commandLine(), "--users and --sessions must be at least 1");
		}
		if (this.batchSize < 1 || this.batchSize > BulkSettings.MAX_BATCH_SIZE) {
			throw new ParameterException(this.spec.commandLine(),
					"--batch-size must be from 1 to " + BulkSettings.MAX_BATCH_SIZE + " (the jobs' batchSize range)");
		}
		new BulkBenchmark(this.spec.commandLine().getOut(), this.users, this.sessions, this.batchSize).run();
		return 0;
	}

}
