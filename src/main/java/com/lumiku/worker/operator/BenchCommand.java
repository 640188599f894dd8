package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.lumiku.worker.bench.BenchDatabases;
import com.lumiku.worker.bench.BulkBenchCommand;
import com.lumiku.worker.bench.GenerationQueueBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: benchmarks that print a table; never part of the test suite. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its table.",
		subcommands = { BenchCommand.GenerationQueue.class, BulkBenchCommand.class,
				com.lumiku.worker.bench.SubscriptionBenchCommand.class,
				com.lumiku.worker.bench.QueriesBenchCommand.class, com.lumiku.worker.bench.PartitionBenchCommand.class,
				com.lumiku.worker.bench.AnalyticsBenchCommand.class })
class BenchCommand {

	/**
	 * {@code bench generation-queue}: claim + complete throughput of the queue against
	 * the polling the app's optimization report proposes (see
	 * docs/lumiku-app.md#the-optimization-report), on a scratch database created (and
	 * dropped) beside the configured one, which it never migrates or changes.
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
			// Scratch databases only: a WorkerRuntime here would migrate the user's
			// database.
			try (BenchDatabases databases = new BenchDatabases()) {
				String scratch = "lumiku_bench_" + ProcessHandle.current().pid();
				databases.create(scratch, Optional.empty());
				try {
					databases.migrate(scratch);
					out.printf(Locale.ROOT, "bench generation-queue: %d rows per run, %d cores, database %s%n%n",
							this.rows, Runtime.getRuntime().availableProcessors(), scratch);
					new GenerationQueueBench(databases.url(scratch), databases.user(), databases.password(), out)
						.run(this.rows, this.approaches);
				}
				finally {
					databases.drop(scratch);
				}
			}
			return 0;
		}

	}

}
