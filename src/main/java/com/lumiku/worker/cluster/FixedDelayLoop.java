package com.lumiku.worker.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task repeated with a fixed delay on one daemon thread of its own, for the worker's
 * background loops (heartbeat, supervision, the generation queue's lease rescue). The
 * task must catch its own errors: an exception that escapes it ends the loop.
 */
public final class FixedDelayLoop {

	private final String threadName;

	private volatile ScheduledExecutorService executor;

	public FixedDelayLoop(String threadName) {
		this.threadName = threadName;
	}

	public synchronized void start(Duration initialDelay, Duration delay, Runnable task) {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(task, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/** Stops the loop, interrupting a run in progress. */
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	boolean isRunning() {
		return this.executor != null;
	}

}
