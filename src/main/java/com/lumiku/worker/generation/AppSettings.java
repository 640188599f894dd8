package com.lumiku.worker.generation;

import java.time.Duration;

/**
 * The resolved settings of one app's queue (see {@link GenerationQueueProperties.App}).
 *
 * @param table the app's generation table
 * @param handler the handler configuration
 * @param threads handler threads in this process
 * @param concurrency rows of this app in flight across the cluster, at most
 * @param perUserCap rows of one user in flight across the cluster, at most
 * @param scanWidth users considered per claim (the round-robin window)
 * @param claimBatch rows one thread claims at a time
 * @param timeout one attempt's time limit
 * @param lease how long a claim holds the rows; must cover a batch of attempts
 * @param maxAttempts attempts before the row fails for good (and is refunded)
 * @param backoff the first retry's delay; doubled per attempt
 * @param maxBackoff the longest retry delay
 */
public record AppSettings(GenerationTable table, GenerationQueueProperties.Handler handler, int threads,
		int concurrency, int perUserCap, int scanWidth, int claimBatch, Duration timeout, Duration lease,
		int maxAttempts, Duration backoff, Duration maxBackoff) {

	/** The delay before attempt {@code attempt + 1}: backoff × 2^(attempt-1), capped. */
	public Duration backoffAfter(int attempt) {
		long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
		Duration delay = this.backoff.multipliedBy(factor);
		return (delay.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : delay;
	}

	public String app() {
		return this.table.app();
	}

}
