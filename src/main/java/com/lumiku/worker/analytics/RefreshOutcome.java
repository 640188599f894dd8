package com.lumiku.worker.analytics;

import java.time.Duration;

/**
 * What one unit of refresh work did.
 *
 * @param view the summary table or materialized view name (the metric's {@code view} tag)
 * @param mode {@code incremental}, {@code concurrent} or {@code full}
 * @param skipped empty when the work ran; else why not ({@code already-running},
 * {@code lock-timeout})
 * @param claimed dirty-key rows taken (incremental), 0 otherwise
 * @param keys distinct keys recomputed (incremental) or rows of the view (full rebuild)
 * @param took how long it took
 */
record RefreshOutcome(String view, String mode, java.util.Optional<String> skipped, long claimed, long keys,
		Duration took) {

	static final String ALREADY_RUNNING = "already-running";

	static final String LOCK_TIMEOUT = "lock-timeout";

	static RefreshOutcome skipped(String view, String mode, String reason, Duration took) {
		return new RefreshOutcome(view, mode, java.util.Optional.of(reason), 0, 0, took);
	}

	boolean ran() {
		return this.skipped.isEmpty();
	}

}
