package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app's handler threads in this process. Each thread claims up to {@code claim-batch}
 * rows, runs them one after the other through the app's handler and hands the results to
 * the completion writer (success) or records the failure (retry or fail and refund). An
 * idle thread waits for a notification or the poll interval.
 */
final class AppWorker implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(AppWorker.class);

	/**
	 * How long a claimer that found the app's claim lock held waits before it tries
	 * again.
	 */
	private static final Duration BUSY_PAUSE = Duration.ofMillis(20);

	private final AppSettings settings;

	private final GenerationHandler handler;

	private final LockAndFetchGenerations claims;

	private final FailGeneration failures;

	private final CompletionWriter completions;

	private final QueueWakeup.Doorbell doorbell;

	private final GenerationMetrics metrics;

	private final Duration pollInterval;

	private final Semaphore inFlight;

	/** Whether the previous claim got rows (an empty one after it may be the wrap). */
	private boolean claimedBefore;

	private volatile boolean running = true;

	AppWorker(AppSettings settings, GenerationHandler handler, LockAndFetchGenerations claims, FailGeneration failures,
			CompletionWriter completions, QueueWakeup.Doorbell doorbell, GenerationMetrics metrics,
			Duration pollInterval, Semaphore inFlight) {
		this.inFlight = inFlight;
		this.settings = settings;
		this.handler = handler;
		this.claims = claims;
		this.failures = failures;
		this.completions = completions;
		this.doorbell = doorbell;
		this.metrics = metrics;
		this.pollInterval = pollInterval;
	}

	void stop() {
		this.running = false;
		this.doorbell.ring();
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				long rings = this.doorbell.rings();
				if (!claimAndRun()) {
					this.doorbell.await(rings, this.pollInterval);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Throwable ex) {
				logger.warn("Generation queue of {} failed a round (retrying): {}", this.settings.app(),
						ex.getMessage());
				sleepQuietly();
			}
		}
	}

	/** One claim and its attempts; false when there was nothing to claim. */
	private boolean claimAndRun() throws InterruptedException {
		int batch = this.settings.claimBatch();
		if (!this.inFlight.tryAcquire(batch, 100, TimeUnit.MILLISECONDS)) {
			// earlier rows are still being written back
			return true;
		}
		LockAndFetchGenerations.Claim claim;
		try {
			claim = this.claims.claim(this.settings, batch, null, this.handler.readsRow());
		}
		catch (RuntimeException ex) {
			this.inFlight.release(batch);
			throw ex;
		}
		List<ClaimedGeneration> claimed = claim.rows();
		this.inFlight.release(batch - claimed.size());
		if (claim.busy()) {
			// another claimer of the app holds the claim lock: try again soon, not after
			// the poll interval (a ring from a completion or a notification is sooner)
			this.doorbell.await(this.doorbell.rings(), BUSY_PAUSE);
			return true;
		}
		boolean wrapped = this.claimedBefore;
		this.claimedBefore = !claimed.isEmpty();
		if (claimed.isEmpty()) {
			// the round robin may have been past the last user with rows to offer: the
			// claim
			// moved the app's cursor back to the first user, so try once more at once
			return wrapped;
		}
		for (ClaimedGeneration generation : claimed) {
			attempt(generation);
		}
		return true;
	}

	private void attempt(ClaimedGeneration generation) {
		this.metrics.recordClaimToStart(this.settings.app(), System.nanoTime() - generation.claimedNanos());
		try {
			this.completions.add(this.settings.table(), new CompleteGenerations.Completion(generation.id(),
					generation.attempt(), this.handler.handle(generation)));
		}
		catch (Throwable ex) {
			String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			FailGeneration.FailOutcome outcome;
			try {
				outcome = this.failures.fail(this.settings, generation, message);
			}
			finally {
				this.inFlight.release();
			}
			this.metrics.outcome(this.settings.app(), outcome.kind().name().toLowerCase(java.util.Locale.ROOT), 1);
			this.metrics.refund(this.settings.app(), outcome.refunded());
			log(generation, outcome, message);
			if (outcome.kind() == FailGeneration.FailOutcome.Kind.RETRIED) {
				this.doorbell.ringAfter(this.settings.backoffAfter(generation.attempt()));
			}
		}
	}

	/**
	 * A retried attempt at INFO; the last one, which fails the row and refunds it, at
	 * WARN; one that lost its row (its lease expired meanwhile) at DEBUG.
	 */
	private void log(ClaimedGeneration generation, FailGeneration.FailOutcome outcome, String message) {
		switch (outcome.kind()) {
			case RETRIED -> logger.info("Generation {} of {} (user {}) failed attempt {} of {}; retrying in {}: {}",
					generation.id(), this.settings.app(), generation.userId(), generation.attempt(),
					this.settings.maxAttempts(), this.settings.backoffAfter(generation.attempt()), message);
			case FAILED -> logger.warn(
					"Generation {} of {} (user {}) failed for good after {} attempt(s); refunded {} credit(s): {}",
					generation.id(), this.settings.app(), generation.userId(), generation.attempt(), outcome.refunded(),
					message);
			case LOST -> logger.debug("Generation {} of {} failed attempt {} after its lease was lost: {}",
					generation.id(), this.settings.app(), generation.attempt(), message);
		}
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
