package com.lumiku.worker.partition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmarks' app: one thread inserting one current row at a time into a table, each
 * insert its own transaction, timing each one, until stopped.
 */
final class InsertProbe implements AutoCloseable {

	/** What the inserts saw. */
	record Latencies(long count, double p50, double p99, double max) {
	}

	private final AtomicBoolean stop = new AtomicBoolean();

	private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

	private final List<Long> starts = Collections.synchronizedList(new ArrayList<>());

	private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

	private final Thread thread;

	/**
	 * Starts inserting into a credits-shaped table (a fixed name, no input).
	 * @param user the bench user the rows belong to
	 */
	InsertProbe(JdbcTemplate jdbc, String table, String user) {
		String insert = "INSERT INTO " + LockedDdl.quote(table) + " (id, \"userId\", amount, balance, type,"
				+ " \"createdAt\") VALUES (?, ?, 1, 1, 'bonus', timezone('UTC', now()))";
		this.thread = new Thread(() -> {
			for (long i = 0; !this.stop.get(); i++) {
				long start = System.nanoTime();
				try {
					jdbc.update(insert, "probe-" + table + "-" + i + "-" + Instant.now(), user);
					synchronized (this.nanos) {
						this.nanos.add(System.nanoTime() - start);
						this.starts.add(start);
					}
				}
				catch (RuntimeException ex) {
					this.failures.add(ex.getMessage());
				}
			}
		}, "insert-probe-" + table);
		this.thread.start();
	}

	/** Stops inserting; the latencies of the inserts that succeeded. */
	Latencies stop() throws InterruptedException {
		close();
		if (!this.failures.isEmpty()) {
			throw new PartitionException(
					this.failures.size() + " probe insert(s) failed, first: " + this.failures.get(0));
		}
		List<Long> sorted = new ArrayList<>(this.nanos);
		Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return new Latencies(0, 0, 0, 0);
		}
		return new Latencies(sorted.size(), millis(sorted, 0.5), millis(sorted, 0.99),
				sorted.get(sorted.size() - 1) / 1e6);
	}

	/**
	 * The latencies of the inserts grouped by what was going on when each started.
	 * @param during the name of the phase at a {@link System#nanoTime()}
	 */
	java.util.Map<String, Latencies> by(java.util.function.LongFunction<String> during) {
		java.util.Map<String, List<Long>> groups = new java.util.LinkedHashMap<>();
		synchronized (this.nanos) {
			for (int i = 0; i < this.nanos.size(); i++) {
				groups.computeIfAbsent(during.apply(this.starts.get(i)), (phase) -> new ArrayList<>())
					.add(this.nanos.get(i));
			}
		}
		java.util.Map<String, Latencies> latencies = new java.util.LinkedHashMap<>();
		groups.forEach((phase, nanos) -> {
			List<Long> sorted = new ArrayList<>(nanos);
			Collections.sort(sorted);
			latencies.put(phase, new Latencies(sorted.size(), millis(sorted, 0.5), millis(sorted, 0.99),
					sorted.get(sorted.size() - 1) / 1e6));
		});
		return latencies;
	}

	/** One line per phase: inserts, p99 and max. */
	String describeBy(java.util.function.LongFunction<String> during) {
		return by(during).entrySet()
			.stream()
			.map((phase) -> "%s %,d inserts p99 %.2f max %.2f ms".formatted(phase.getKey(), phase.getValue().count(),
					phase.getValue().p99(), phase.getValue().max()))
			.collect(java.util.stream.Collectors.joining("; "));
	}

	private static double millis(List<Long> sorted, double quantile) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
	}

	@Override
	public void close() throws InterruptedException {
		this.stop.set(true);
		this.thread.join();
	}

}
