package com.lumiku.worker.subscription;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of a subscription, the one function that says which transitions the two
 * subscription jobs make ({@link #next()}), and the transitions themselves: every
 * statement that changes {@code subscriptions.status} takes its {@code SET status = {to}}
 * and its {@code status = {from}} guard from one of the {@link Transition} constants
 * below, each checked against {@link #next()} when the class loads. The guard is
 * evaluated under the row lock the {@code UPDATE} takes, so a second run (or a second
 * process) finds nothing to change and writes no audit row. The app writes {@code active}
 * (subscribe) and {@code expired} (its own expiry job, to be disabled); {@code cancelled}
 * and {@code suspended} are allowed by the schema but written by nobody, and the worker
 * leaves them alone.
 */
enum SubscriptionStatus {

	ACTIVE, GRACE_PERIOD, EXPIRED, CANCELLED, SUSPENDED;

	/** Paid for the next period: extended from the old end date. */
	static final Transition RENEWED = new Transition(ACTIVE, ACTIVE, "renewed");

	/** Paid during grace: active again, extended from the original end date. */
	static final Transition RECOVERED = new Transition(GRACE_PERIOD, ACTIVE, "paid during grace");

	/**
	 * Paid after expiry: a new period from the payment's time; the user upgraded again.
	 */
	static final Transition REACTIVATED = new Transition(EXPIRED, ACTIVE, "paid after expiry");

	/** Renewing, unpaid (declined, or not settled) at the end date: access kept. */
	static final Transition GRACE_STARTED = new Transition(ACTIVE, GRACE_PERIOD, "unpaid at end date");

	/** Grace over and still unpaid: expired, the user downgraded once. */
	static final Transition GRACE_EXHAUSTED = new Transition(GRACE_PERIOD, EXPIRED, "grace period exhausted");

	/**
	 * Not renewing (autoRenew false or cancelled) at the end date: expired, downgraded
	 * once.
	 */
	static final Transition LAPSED = new Transition(ACTIVE, EXPIRED, "not renewing, end date reached");

	/** The value stored in the {@code status} column. */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The transitions the worker performs.
	 * <ul>
	 * <li>active → active: renewed (a successful payment);</li>
	 * <li>active → grace_period: renewing but unpaid at the end date;</li>
	 * <li>active → expired: not renewing, at the end date;</li>
	 * <li>grace_period → active: paid during grace;</li>
	 * <li>grace_period → expired: grace exhausted;</li>
	 * <li>expired → active: paid after expiry (a late success).</li>
	 * </ul>
	 * @return the states reachable from this one
	 */
	Set<SubscriptionStatus> next() {
		return switch (this) {
			case ACTIVE -> EnumSet.of(ACTIVE, GRACE_PERIOD, EXPIRED);
			case GRACE_PERIOD -> EnumSet.of(ACTIVE, EXPIRED);
			case EXPIRED -> EnumSet.of(ACTIVE);
			case CANCELLED, SUSPENDED -> EnumSet.noneOf(SubscriptionStatus.class);
		};
	}

	boolean canMoveTo(SubscriptionStatus target) {
		return next().contains(target);
	}

	/**
	 * A status change the subscription SQL makes.
	 *
	 * @param from the status the row must have (the statement's guard)
	 * @param to the status it is given
	 * @param reason the audit row's reason
	 */
	record Transition(SubscriptionStatus from, SubscriptionStatus to, String reason) {

		Transition {
			if (!from.canMoveTo(to)) {
				throw new IllegalStateException(
						"Subscriptions have no transition " + from.value() + " -> " + to.value() + "; see next()");
			}
		}

		/** The statement with its {@code {from}} and {@code {to}} markers as literals. */
		String sql(String template) {
			if (!template.contains("{from}") || !template.contains("{to}")) {
				throw new IllegalArgumentException("A transition's statement sets {to} and guards on {from}");
			}
			return template.replace("{from}", "'" + this.from.value() + "'")
				.replace("{to}", "'" + this.to.value() + "'")
				.replace("{reason}", "'" + this.reason.replace("'", "''") + "'");
		}

	}

}
