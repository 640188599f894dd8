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
	 * {@code bench generation-queue}: this queue beside graphile-worker, pg-boss and
	 * db-scheduler (bench-peers/, outside the product's jar), each on a scratch database
	 * of the configured server; with {@code --approaches}, the older in-process table
	 * against the optimization report's polling
	 * (docs/lumiku-app.md#the-optimization-report). The configured database is never
	 * migrated or changed.
	 */
	@Command(name = "generation-queue", mixinStandardHelpOptions = true,
			description = { "No-op jobs through the generation queue and its peers (graphile-worker, pg-boss,",
					"db-scheduler; bench-peers/), each on its own scratch database of the same server, interleaved",
					"over rounds: medians of jobs/s, database cost per job, claim-to-start p50/p99, the ratios.",
					"Peers need node 20+ (npm ci is run in bench-peers/ when node_modules is missing)." })
	static class GenerationQueue implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--rows", defaultValue = "20000", description = "Jobs per measured burst (default 20000).")
		int rows;

		@Option(names = "--rounds", defaultValue = "5", description = "Interleaved rounds (default 5).")
		int rounds;

		@Option(names = "--workers", defaultValue = "4", split = ",",
				description = "Worker counts compared (default 4): the queue as 1, 2 and 4 processes.")
		java.util.List<Integer> workers;

		@Option(names = "--systems",
				defaultValue = "queue,graphile-worker,pg-boss,db-scheduler,queue-without-analytics-trigger",
				split = ",", description = { "Which systems run (default all four, and the queue without the analytics",
						"capture trigger on updates, a diagnostic row)." })
		java.util.List<String> systems;

		@Option(names = "--peers", defaultValue = "bench-peers", description = "The bench-peers folder.")
		java.nio.file.Path peers;

		@Option(names = "--users", defaultValue = "1000", description = "Users of the queue's rows (default 1000).")
		int users;

		@Option(names = "--fair-rows", defaultValue = "100000",
				description = "Pending rows of the extra fairness run (default 100000; 0: none).")
		int fairRows;

		@Option(names = "--fair-users", defaultValue = "10000", description = "Users of the fairness run.")
		int fairUsers;

		@Option(names = "--concurrency", defaultValue = "4000", description = "The queue's cluster-wide cap.")
		int concurrency;

		@Option(names = "--per-user-cap", defaultValue = "10", description = "The queue's per-user cap.")
		int perUserCap;

		@Option(names = "--scan-width", defaultValue = "64", description = "Users per claim.")
		int scanWidth;

		@Option(names = "--claim-batch", defaultValue = "500", description = "Rows per claim.")
		int claimBatch;

		@Option(names = "--approaches", split = ",",
				description = "The older in-process table instead: queue, naive (the seed report's polling).")
		java.util.List<String> approaches;

		@Override
		public Integer call() throws Exception {
			PrintWriter out = this.spec.commandLine().getOut();
			// Scratch databases only: a WorkerRuntime here would migrate the user's
			// database.
			try (BenchDatabases databases = new BenchDatabases()) {
				if (this.approaches == null) {
					com.lumiku.worker.bench.QueuePeersBench.run(databases,
							new com.lumiku.worker.bench.QueuePeersBench.Options(
									this.rows, this.users, this.rounds, this.workers, this.systems, this.peers,
									this.fairRows, this.fairUsers, com.lumiku.worker.bench.QueuePeersBench
										.limits(this.concurrency, this.perUserCap, this.scanWidth, this.claimBatch)),
							out);
					return 0;
				}
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
