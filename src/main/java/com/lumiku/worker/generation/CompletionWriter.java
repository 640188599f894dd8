package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects finished attempts from the handler threads and writes them in batches (one
 * statement per app and batch), at most {@code flush} after the first one arrived. The
 * processor runs it on several threads (one per handler thread, at most
 * {@link #MAX_WRITERS}) that take from the same queue: one writer was this process's
 * bottleneck (bench generation-queue: 1 process x 4 threads drained 970 jobs/s where 4
 * processes x 1 thread, four writers, drained 3,004). Each written batch is logged at
 * DEBUG with its ids; at INFO, a summary per app at most every {@link #SUMMARY_EVERY}
 * (the first completion after a quiet spell at once), so a queue doing thousands of rows
 * a second writes a line every 10 s, not one per row.
 */
final class CompletionWriter implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(CompletionWriter.class);

	static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);

	/** Writer threads per process, at most. */
	static final int MAX_WRITERS = 4;

	private final Map<String, Summary> summaries = new LinkedHashMap<>();

	private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final CompleteGenerations complete;

	private final GenerationMetrics metrics;

	private final int batch;

	private final Duration flush;

	private final BiConsumer<GenerationTable, Integer> written;

	private volatile boolean running = true;

	CompletionWriter(CompleteGenerations complete, GenerationMetrics metrics, int batch, Duration flush,
			BiConsumer<GenerationTable, Integer> written) {
		this.written = written;
		this.complete = complete;
		this.metrics = metrics;
		this.batch = batch;
		this.flush = flush;
	}

	void add(GenerationTable table, CompleteGenerations.Completion completion) {
		this.queue.add(new Pending(table, completion));
	}

	/** Stops after writing what is queued. */
	void stop() {
		this.running = false;
	}

	@Override
	public void run() {
		try {
			drain();
		}
		finally {
			summarise(true);
		}
	}

	private void drain() {
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				summarise(false);
				if (first == null) {
					continue;
				}
				List<Pending> drained = new ArrayList<>(List.of(first));
				long deadline = System.nanoTime() + this.flush.toNanos();
				while (drained.size() < this.batch) {
					long left = deadline - System.nanoTime();
					Pending next = (left > 0) ? this.queue.poll(left, TimeUnit.NANOSECONDS) : this.queue.poll();
					if (next == null) {
						break;
					}
					drained.add(next);
				}
				write(drained);
				summarise(false);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Throwable ex) {
				// the rows stay processing; their leases expire and the rescue retries
				// them
				logger.warn("Writing a batch of completions failed: {}", ex.getMessage());
			}
		}
	}

	private void write(List<Pending> drained) {
		Map<GenerationTable, List<CompleteGenerations.Completion>> byTable = new LinkedHashMap<>();
		drained.forEach((p) -> byTable.computeIfAbsent(p.table(), (key) -> new ArrayList<>()).add(p.completion()));
		byTable.forEach((table, completions) -> {
			try {
				List<String> ids = this.complete.complete(table, completions);
				int written = ids.size();
				this.metrics.outcome(table.app(), "completed", written);
				if (written > 0) {
					logger.debug("Completed {} generation(s) of {}: {}", written, table.app(), ids);
					synchronized (this) {
						this.summaries.computeIfAbsent(table.app(), (app) -> new Summary()).add(ids);
					}
				}
				this.metrics.outcome(table.app(), "lost", completions.size() - written);
			}
			finally {
				// capacity freed (per-user cap, concurrency, this process's in-flight
				// rows),
				// also when the write failed: those rows are left to the lease rescue
				this.written.accept(table, completions.size());
			}
		});
	}

	/** Logs the completions since the last summary of each app, when one is due. */
	private synchronized void summarise(boolean now) {
		long nanos = System.nanoTime();
		this.summaries.forEach((app, summary) -> {
			if (summary.count > 0 && (now || nanos - summary.loggedNanos >= SUMMARY_EVERY.toNanos())) {
				Duration since = Duration.ofNanos(nanos - summary.sinceNanos);
				logger.info("Completed {} generation(s) of {} in {} s (latest {})", summary.count, app,
						Math.max(1, since.toSeconds()), summary.latest);
				summary.count = 0;
				summary.loggedNanos = nanos;
			}
		});
	}

	/** One app's completions since its last summary line. */
	private static final class Summary {

		private long count;

		private long sinceNanos;

		private long loggedNanos = System.nanoTime() - SUMMARY_EVERY.toNanos();

		private List<String> latest = List.of();

		void add(List<String> ids) {
			if (this.count == 0) {
				this.sinceNanos = System.nanoTime();
			}
			this.count += ids.size();
			this.latest = ids.subList(Math.max(0, ids.size() - 3), ids.size());
		}

	}

	private record Pending(GenerationTable table, CompleteGenerations.Completion completion) {
	}

}
