package com.lumiku.worker.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.lumiku.worker.subscription.SubscriptionBench;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench subscriptions}: the renewal job against one call at a time, on a scratch
 * database of the worker's server, with the gateway simulator in this process.
 */
@Command(name = "subscriptions", mixinStandardHelpOptions = true, description = {
		"Renew N due subscriptions against the gateway simulator, as subscription-renewal does it (bounded",
		"concurrency) and one call at a time, with the orders charged twice; scratch database lumiku_bench_<pid>." })
public class SubscriptionBenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--subscriptions", defaultValue = "10000",
			description = "Due subscriptions (default ${DEFAULT-VALUE}).")
	int subscriptions;

	@Option(names = "--latency", defaultValue = "50",
			description = "Simulator latency in ms (default ${DEFAULT-VALUE}).")
	long latency;

	@Option(names = "--concurrency", defaultValue = "16",
			description = "The job's concurrency (default ${DEFAULT-VALUE}).")
	int concurrency;

	@Option(names = "--baseline-sample", defaultValue = "1000",
			description = "Subscriptions renewed one call at a time, for the baseline (default ${DEFAULT-VALUE}).")
	int baselineSample;

	@Override
	public Integer call() throws Exception {
		try (BenchDatabases databases = new BenchDatabases()) {
			String scratch = "lumiku_bench_" + ProcessHandle.current().pid();
			databases.create(scratch, Optional.empty());
			try {
				databases.migrate(scratch);
				try (HikariDataSource dataSource = new HikariDataSource()) {
					dataSource.setJdbcUrl(databases.url(scratch));
					dataSource.setUsername(databases.user());
					dataSource.setPassword(databases.password());
					dataSource.setMaximumPoolSize(this.concurrency + 4);
					new SubscriptionBench(dataSource, this.spec.commandLine().getOut()).run(this.subscriptions,
							Duration.ofMillis(this.latency), this.concurrency, this.baselineSample);
				}
			}
			finally {
				databases.drop(scratch);
			}
		}
		return 0;
	}

}
