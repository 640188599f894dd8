package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The generation queue ({@code lumiku.generation.*}, in
 * {@code config/generation-queue.yml}).
 *
 * @param enabled run the queue in the daemon ({@code LUMIKU_GENERATION_ENABLED})
 * @param listen wake up on {@code LISTEN lumiku_generation_queue}; turn off behind a
 * connection pooler in transaction mode, which cannot hold a LISTEN
 * @param pollInterval how often an idle app polls; with {@code listen} this is only the
 * fallback, without it the pick-up latency
 * @param rescueInterval how often expired leases are looked for
 * @param completionBatch completions written per statement, at most
 * @param completionFlush how long a completion may wait for its batch
 * @param metricsInterval how often the queue gauges are sampled
 * @param apps the apps to process, by app id ({@code looping-flow}, {@code video-mixer},
 * {@code carousel-mix}, {@code avatar-creator}); apps not listed are not processed
 */
@ConfigurationProperties("lumiku.generation")
public record GenerationQueueProperties(@DefaultValue("false") boolean enabled, @DefaultValue("true") boolean listen,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("5s") Duration rescueInterval,
		@DefaultValue("500") int completionBatch, @DefaultValue("20ms") Duration completionFlush,
		@DefaultValue("5s") Duration metricsInterval, Map<String, App> apps) {

	public GenerationQueueProperties {
		apps = (apps != null) ? new TreeMap<>(apps) : new TreeMap<>();
		List<String> problems = new ArrayList<>();
		apps.forEach((name, app) -> {
			if (GenerationTable.ofApp(name).isEmpty()) {
				problems.add("lumiku.generation.apps." + name + ": unknown app; use one of "
						+ GenerationTable.ALL.stream().map(GenerationTable::app).toList());
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
	}

	/** The enabled apps' resolved settings. */
	public List<AppSettings> settings() {
		return this.apps.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().enabled())
			.map((entry) -> entry.getValue().resolve(GenerationTable.ofApp(entry.getKey()).orElseThrow()))
			.toList();
	}

	/**
	 * One app's queue.
	 *
	 * @param enabled process this app
	 * @param handler how an attempt is run
	 * @param threads handler threads in each worker process
	 * @param concurrency rows in flight across the cluster, at most
	 * @param perUserCap rows of one user in flight across the cluster, at most
	 * @param scanWidth users considered per claim (the round-robin window)
	 * @param claimBatch rows one thread claims at a time (1 for slow handlers)
	 * @param timeout one attempt's time limit
	 * @param leaseMargin extra lease beyond claim-batch × timeout
	 * @param maxAttempts attempts before the row fails for good and is refunded
	 * @param backoff first retry delay, doubled per attempt
	 * @param maxBackoff longest retry delay
	 */
	public record App(@DefaultValue("true") boolean enabled, Handler handler, @DefaultValue("2") int threads,
			@DefaultValue("8") int concurrency, @DefaultValue("2") int perUserCap, @DefaultValue("64") int scanWidth,
			@DefaultValue("1") int claimBatch, @DefaultValue("10m") Duration timeout,
			@DefaultValue("30s") Duration leaseMargin, @DefaultValue("3") int maxAttempts,
			@DefaultValue("5s") Duration backoff, @DefaultValue("5m") Duration maxBackoff) {

		AppSettings resolve(GenerationTable table) {
			String prefix = "lumiku.generation.apps." + table.app();
			require(this.handler != null, prefix + ".handler is missing (kind: http, command or noop)");
			require(this.threads > 0 && this.concurrency > 0 && this.perUserCap > 0 && this.claimBatch > 0
					&& this.scanWidth > 0,
					prefix + ": threads, concurrency, per-user-cap, claim-batch and " + "scan-width must be positive");
			require(this.maxAttempts > 0, prefix + ".max-attempts must be at least 1");
			Duration lease = this.timeout.multipliedBy(this.claimBatch).plus(this.leaseMargin);
			return new AppSettings(table, this.handler, this.threads, this.concurrency, this.perUserCap, this.scanWidth,
					this.claimBatch, this.timeout, lease, this.maxAttempts, this.backoff, this.maxBackoff);
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException(message);
			}
		}

	}

	/**
	 * A handler's configuration. Templates take {@code {column}} placeholders from the
	 * generation row (plus {@code {id}}, {@code {app}}, {@code {attempt}}, the
	 * {@code row-query} columns and {@code variables}).
	 *
	 * @param kind {@code http}, {@code command} or {@code noop} (or a kind a plug-in bean
	 * adds)
	 * @param url http: the processing endpoint the row is POSTed to (JSON); its JSON
	 * answer's keys that name output columns are written back
	 * @param command command: the program and its argument templates; its standard output
	 * lines {@code column=value} that name output columns are written back
	 * @param outputs output column → value template, written on success (command)
	 * @param rowQuery optional SQL with one {@code ?} (the generation id) whose columns
	 * are added to the row before templating (e.g. the source video's path)
	 * @param variables extra template values (paths, quality settings)
	 */
	public record Handler(String kind, String url, List<String> command, Map<String, String> outputs, String rowQuery,
			Map<String, String> variables) {

		public Handler {
			command = (command != null) ? List.copyOf(command) : List.of();
			outputs = (outputs != null) ? Map.copyOf(outputs) : Map.of();
			variables = (variables != null) ? Map.copyOf(variables) : Map.of();
		}

	}

}
