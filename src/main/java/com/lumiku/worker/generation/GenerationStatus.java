package com.lumiku.worker.generation;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of a generation row and the one place that says which transitions the queue
 * makes (JobRunr's {@code AllowedJobStateStateChanges}). The app writes {@code pending}
 * on insert and {@code cancelled} on the user's request; the queue writes the rest.
 */
public enum GenerationStatus {

	PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED;

	/** The value stored in the {@code status} column. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The transitions the queue performs.
	 * <ul>
	 * <li>pending → processing: claimed (a cancelled row is never claimed);</li>
	 * <li>processing → completed: the handler succeeded;</li>
	 * <li>processing → pending: the attempt failed, or its lease expired, with attempts
	 * left (retry after a backoff);</li>
	 * <li>processing → failed: the last attempt failed or expired; credits refunded in
	 * the same transaction.</li>
	 * </ul>
	 * @return the states reachable from this one
	 */
	public Set<GenerationStatus> next() {
		return switch (this) {
			case PENDING -> EnumSet.of(PROCESSING);
			case PROCESSING -> EnumSet.of(COMPLETED, PENDING, FAILED);
			case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(GenerationStatus.class);
		};
	}

	public boolean canMoveTo(GenerationStatus target) {
		return next().contains(target);
	}

}
