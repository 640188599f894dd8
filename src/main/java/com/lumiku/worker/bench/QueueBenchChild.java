package com.lumiku.worker.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.lumiku.worker.generation.AppSettings;
import com.lumiku.worker.generation.GenerationHandler;
import com.lumiku.worker.generation.GenerationProcessor;
import com.lumiku.worker.generation.GenerationQueueProperties;
import com.lumiku.worker.generation.GenerationTable;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One worker process of {@code bench generation-queue}: the same
 * {@link GenerationProcessor} a {@code serve} daemon runs (looping-flow, no-op handler),
 * started once and kept running across the warm-up and the measured burst, so the figures
 * are those of a warm daemon. Speaks the protocol of {@code bench-peers/peer.mjs}: prints
 * {@code ready} once its threads run, then on standard input {@code report FILE} (writes
 * "id claim-to-start-µs" of every row run since the last report) and {@code stop}.
 * Claim-to-start is measured from the claim's database time ({@code worker_started_at})
 * to the handler's start, as for the peers.
 */
public final class QueueBenchChild {

	private QueueBenchChild() {
	}

	/** The settings every queue run of the benchmark uses: fairness and caps on. */
	static AppSettings settings(int threads, QueueBenchSettings limits) {
		GenerationQueueProperties.Handler noop = new GenerationQueueProperties.Handler("noop", null, null, null, null,
				null);
		return new AppSettings(GenerationTable.LOOPING_FLOW, noop, threads, limits.concurrency(), limits.perUserCap(),
				limits.scanWidth(), limits.claimBatch(), Duration.ofMinutes(1), Duration.ofMinutes(5), 3,
				Duration.ofSeconds(1), Duration.ofSeconds(1));
	}

	/**
	 * Arguments: JDBC URL, threads, concurrency, per-user cap, scan width, claim batch;
	 * user and password from LUMIKU_BENCH_DB_USER / LUMIKU_BENCH_DB_PASSWORD.
	 */
	public static void main(String[] args) throws Exception {
		int threads = Integer.parseInt(args[1]);
		QueueBenchSettings limits = new QueueBenchSettings(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
				Integer.parseInt(args[4]), Integer.parseInt(args[5]));
		ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
		GenerationHandler handler = GenerationHandler.withoutRow((generation) -> {
			OffsetDateTime claimed = OffsetDateTime.parse(generation.text("worker_started_at"));
			long micros = ChronoUnit.MICROS.between(claimed, OffsetDateTime.now());
			ran.add(generation.id() + " " + micros);
			return Map.of();
		});
		GenerationQueueProperties properties = new GenerationQueueProperties(true, true, Duration.ofSeconds(1),
				Duration.ofSeconds(5), 2000, Duration.ofMillis(5), Duration.ofMinutes(10), Map.of());
		try (HikariDataSource pool = GenerationQueueBench.pool(args[0], System.getenv("LUMIKU_BENCH_DB_USER"),
				System.getenv("LUMIKU_BENCH_DB_PASSWORD"), threads + 4)) {
			GenerationProcessor processor = GenerationProcessor.withHandler(pool,
					"bench-" + ProcessHandle.current().pid(), properties, List.of(settings(threads, limits)), handler,
					new SimpleMeterRegistry());
			processor.start();
			System.out.println("ready");
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] words = line.trim().split("\\s+", 2);
				if (words[0].equals("report")) {
					List<String> lines = new ArrayList<>();
					for (String entry = ran.poll(); entry != null; entry = ran.poll()) {
						lines.add(entry);
					}
					Files.write(Path.of(words[1]), lines);
					System.out.println("reported " + lines.size());
					System.out.flush();
				}
				else if (words[0].equals("stop")) {
					break;
				}
			}
			processor.stop(Duration.ofSeconds(10));
		}
	}

	/**
	 * The queue's limits in the benchmark.
	 *
	 * @param concurrency rows in flight across the cluster
	 * @param perUserCap rows of one user in flight
	 * @param scanWidth users per claim
	 * @param claimBatch rows per claim
	 */
	public record QueueBenchSettings(int concurrency, int perUserCap, int scanWidth, int claimBatch) {

		List<String> arguments() {
			return List.of(Integer.toString(this.concurrency), Integer.toString(this.perUserCap),
					Integer.toString(this.scanWidth), Integer.toString(this.claimBatch));
		}

	}

}
