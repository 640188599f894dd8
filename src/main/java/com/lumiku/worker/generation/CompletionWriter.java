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
 * statement per app and batch), at most {@code flush} after the first one arrived.
 */
final class CompletionWriter implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(CompletionWriter.class);

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
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
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
				int written = this.complete.complete(table, completions).size();
				this.metrics.outcome(table.app(), "completed", written);
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

	private record Pending(GenerationTable table, CompleteGenerations.Completion completion) {
	}

}
