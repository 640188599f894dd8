package com.lumiku.worker.subscription;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies a successful renewal payment to its subscription, with its audit row, in the
 * caller's transaction. Each statement re-checks the from-status under the row lock its
 * {@code UPDATE} takes:
 * <ul>
 * <li>{@link SubscriptionStatus#RENEWED} / {@link SubscriptionStatus#RECOVERED}: active
 * or in grace and still ending where the paid period starts: {@code endDate} and
 * {@code nextBillingDate} move one cycle on from the old {@code endDate};</li>
 * <li>{@link SubscriptionStatus#REACTIVATED}: expired: a new period from now (the
 * payment's time), and the user upgraded to the plan's tier again (even if it was
 * cancelled meanwhile: the user paid).</li>
 * </ul>
 * A duplicate success matches nothing (the end date moved on; and the audit table's
 * unique {@code payment_id} refuses a second application of one payment).
 */
final class ExtendPaidSubscription {

	private static final String EXTEND = """
			WITH changed AS (
			    UPDATE subscriptions s
			    SET status = {to}, "endDate" = s."endDate" + r.cycle, "nextBillingDate" = s."endDate" + r.cycle,
			        "lastPaymentId" = r.payment_id, "billingCycle" = r.billing_cycle, "planId" = r.plan_id,
			        "updatedAt" = timezone('UTC', now())
			    FROM (SELECT payment_id, billing_cycle, plan_id, period_start,
			                 CASE billing_cycle WHEN 'yearly' THEN interval '1 year' ELSE interval '1 month' END AS cycle
			          FROM lumiku_worker.subscription_renewal WHERE id = ?) r
			    WHERE s.id = ? AND s.status = {from} AND s."endDate" = r.period_start
			    RETURNING s.id, s."userId", r.period_start AS old_end, s."endDate" AS new_end, r.payment_id)
			INSERT INTO lumiku_worker.subscription_status_change
			    (subscription_id, user_id, from_status, to_status, reason, payment_id, job_execution_id,
			     old_end_date, new_end_date)
			SELECT id, "userId", {from}, {to}, {reason}, payment_id, ?, old_end, new_end FROM changed
			""";

	private static final String REACTIVATE = """
			WITH changed AS (
			    UPDATE subscriptions s
			    SET status = {to}, "startDate" = timezone('UTC', now()),
			        "endDate" = timezone('UTC', now()) + r.cycle, "nextBillingDate" = timezone('UTC', now()) + r.cycle,
			        "lastPaymentId" = r.payment_id, "billingCycle" = r.billing_cycle, "planId" = r.plan_id,
			        "updatedAt" = timezone('UTC', now())
			    FROM (SELECT payment_id, billing_cycle, plan_id,
			                 CASE billing_cycle WHEN 'yearly' THEN interval '1 year' ELSE interval '1 month' END AS cycle
			          FROM lumiku_worker.subscription_renewal WHERE id = ?) r
			    WHERE s.id = ? AND s.status = {from}
			    RETURNING s.id, s."userId", s."planId", s."endDate" AS new_end, r.payment_id),
			upgraded AS (
			    UPDATE users u SET "accountType" = 'subscription', "subscriptionTier" = p.tier,
			        "updatedAt" = timezone('UTC', now())
			    FROM changed c JOIN subscription_plans p ON p.id = c."planId"
			    WHERE u.id = c."userId"
			    RETURNING u.id)
			INSERT INTO lumiku_worker.subscription_status_change
			    (subscription_id, user_id, from_status, to_status, reason, payment_id, job_execution_id,
			     old_end_date, new_end_date)
			SELECT id, "userId", {from}, {to}, {reason}, payment_id, ?, NULL, new_end
			FROM changed
			""";

	private static final List<Step> STEPS = List.of(Step.of(SubscriptionStatus.RENEWED, EXTEND),
			Step.of(SubscriptionStatus.RECOVERED, EXTEND), Step.of(SubscriptionStatus.REACTIVATED, REACTIVATE));

	private ExtendPaidSubscription() {
	}

	/**
	 * @return the transition made, if any (none: a duplicate, or a subscription that no
	 * longer renews that period)
	 */
	static Optional<SubscriptionStatus.Transition> apply(JdbcTemplate jdbc, long renewalId, String subscriptionId,
			Long jobExecutionId) {
		for (Step step : STEPS) {
			if (jdbc.update(step.sql(), renewalId, subscriptionId, jobExecutionId) > 0) {
				return Optional.of(step.transition());
			}
		}
		return Optional.empty();
	}

	private record Step(SubscriptionStatus.Transition transition, String sql) {

		static Step of(SubscriptionStatus.Transition transition, String template) {
			return new Step(transition, transition.sql(template));
		}

	}

}
