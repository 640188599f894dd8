package com.lumiku.worker.generation;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of a generation row, the one function that says which transitions the queue
 * makes ({@link #next()}, JobRunr's {@code AllowedJobStateStateChanges}), and the
 * transitions themselves: every statement that changes a row's status takes its
 * {@code SET status = {to}} and its {@code status = {from}} guard from one of the
 * {@link Transition} constants below, each checked against {@link #next()} when the class
 * loads. The app writes {@code pending} on insert and {@code cancelled} on the user's
 * request; the queue writes the rest.
 */
public enum GenerationStatus {

	PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED;

	/** Claimed ({@link LockAndFetchGenerations}); a cancelled row is never claimed. */
	static final Transition CLAIM = new Transition(PENDING, PROCESSING);

	/** The handler succeeded ({@link CompleteGenerations}). */
	static final Transition COMPLETE = new Transition(PROCESSING, COMPLETED);

	/** The attempt failed with attempts left: retried after a backoff. */
	static final Transition RETRY = new Transition(PROCESSING, PENDING);

	/** The last attempt failed; credits refunded in the same transaction. */
	static final Transition FAIL = new Transition(PROCESSING, FAILED);

	/** The lease expired with attempts left ({@link RescueExpiredLeases}). */
	static final Transition RESCUE = new Transition(PROCESSING, PENDING);

	/** The value stored in the {@code status} column. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The transitions the queue performs.
	 * <ul>
	 * <li>pending → processing: claimed;</li>
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

	/**
	 * A status change the queue's SQL makes.
	 *
	 * @param from the status the row must have (the statement's guard)
	 * @param to the status it is given
	 */
	record Transition(GenerationStatus from, GenerationStatus to) {

		Transition {
			if (!from.canMoveTo(to)) {
				throw new IllegalStateException(
						"The queue has no transition " + from.value() + " -> " + to.value() + "; see next()");
			}
		}

		/** The statement with its {@code {from}} and {@code {to}} markers as literals. */
		String sql(String template) {
			if (!template.contains("{from}") || !template.contains("{to}")) {
				throw new IllegalArgumentException("A transition's statement sets {to} and guards on {from}");
			}
			return template.replace("{from}", "'" + this.from.value() + "'")
				.replace("{to}", "'" + this.to.value() + "'");
		}

	}

}
