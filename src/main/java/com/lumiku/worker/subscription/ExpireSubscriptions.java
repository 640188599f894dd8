package com.lumiku.worker.subscription;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.RunCutoff;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batch of {@code subscription-expiry}: three statements, each locking its candidates
 * ({@code FOR UPDATE SKIP LOCKED}), re-checking the from-status in its {@code UPDATE} and
 * writing one audit row per change in the same statement:
 * <ul>
 * <li>{@link SubscriptionStatus#GRACE_STARTED}: renewing, {@code active}, end date
 * reached (a paid renewal would have moved it): grace, access kept;</li>
 * <li>{@link SubscriptionStatus#LAPSED}: not renewing, {@code active}, end date reached:
 * expired and the user downgraded (payg, free);</li>
 * <li>{@link SubscriptionStatus#GRACE_EXHAUSTED}: in grace and the end date plus the
 * grace period reached, with no retry of the period due by then still waiting (a retry
 * stops holding it a day after the grace ends, so a stopped renewal job never keeps
 * access open): expired and the user downgraded.</li>
 * </ul>
 * The user is downgraded in the statement that expires the subscription, so once per
 * expiry; a second run finds nothing.
 */
final class ExpireSubscriptions {

	private static final String GRACE = """
			WITH due AS (
			    SELECT id FROM subscriptions
			    WHERE status = {from} AND "endDate" <= ? AND "autoRenew" AND "cancelledAt" IS NULL
			    ORDER BY "endDate", id LIMIT ? FOR UPDATE SKIP LOCKED),
			changed AS (
			    UPDATE subscriptions s SET status = {to}, "updatedAt" = timezone('UTC', now())
			    FROM due WHERE s.id = due.id AND s.status = {from}
			    RETURNING s.id, s."userId", s."endDate"),
			audited AS (
			    INSERT INTO lumiku_worker.subscription_status_change
			        (subscription_id, user_id, from_status, to_status, reason, job_execution_id, old_end_date, new_end_date)
			    SELECT id, "userId", {from}, {to}, {reason}, ?, "endDate", "endDate" FROM changed
			    RETURNING 1)
			SELECT count(*) FROM audited
			""";

	private static final String EXPIRE = """
			WITH due AS (
			    SELECT s.id FROM subscriptions s
			    WHERE s.status = {from} AND %s
			    ORDER BY s."endDate", s.id LIMIT ? FOR UPDATE OF s SKIP LOCKED),
			changed AS (
			    UPDATE subscriptions s SET status = {to}, "updatedAt" = timezone('UTC', now())
			    FROM due WHERE s.id = due.id AND s.status = {from}
			    RETURNING s.id, s."userId", s."endDate"),
			downgraded AS (
			    UPDATE users u SET "accountType" = 'payg', "subscriptionTier" = 'free', "updatedAt" = timezone('UTC', now())
			    FROM changed c WHERE u.id = c."userId"
			    RETURNING u.id),
			audited AS (
			    INSERT INTO lumiku_worker.subscription_status_change
			        (subscription_id, user_id, from_status, to_status, reason, job_execution_id, old_end_date, new_end_date)
			    SELECT id, "userId", {from}, {to}, {reason}, ?, "endDate", "endDate" FROM changed
			    RETURNING 1)
			SELECT count(*) FROM audited
			""";

	private static final String NOT_RENEWING = """
			s."endDate" <= ? AND (NOT s."autoRenew" OR s."cancelledAt" IS NOT NULL)""";

	private static final String GRACE_OVER = """
			s."endDate" + ? * interval '1 millisecond' <= ?
			      AND NOT EXISTS (
			          SELECT 1 FROM lumiku_worker.subscription_renewal r
			          WHERE r.subscription_id = s.id AND r.period_start = s."endDate"
			            AND r.state IN ('opened', 'declined', 'charging')
			            AND r.next_attempt_at <= s."endDate" + ? * interval '1 millisecond'
			            AND ? < s."endDate" + ? * interval '1 millisecond' + interval '1 day')""";

	private static final String START_GRACE = SubscriptionStatus.GRACE_STARTED.sql(GRACE);

	private static final String LAPSE = SubscriptionStatus.LAPSED.sql(EXPIRE.formatted(NOT_RENEWING));

	private static final String EXHAUST_GRACE = SubscriptionStatus.GRACE_EXHAUSTED.sql(EXPIRE.formatted(GRACE_OVER));

	private static final String COUNT = """
			SELECT count(*) FROM subscriptions s
			WHERE (s.status = 'active' AND s."endDate" <= ?)
			   OR (s.status = 'grace_period' AND s."endDate" + ? * interval '1 millisecond' <= ?)
			""";

	private final Duration gracePeriod;

	private final Long jobExecutionId;

	private final Optional<SubscriptionMetrics> metrics;

	ExpireSubscriptions(Duration gracePeriod, Long jobExecutionId) {
		this(gracePeriod, jobExecutionId, Optional.empty());
	}

	ExpireSubscriptions(Duration gracePeriod, Long jobExecutionId, Optional<SubscriptionMetrics> metrics) {
		this.gracePeriod = gracePeriod;
		this.jobExecutionId = jobExecutionId;
		this.metrics = metrics;
	}

	BatchedWork.Result expireBatch(JdbcTemplate jdbc, int limit, ExecutionContext context) {
		return expireBatch(jdbc, limit, RunCutoff.of(jdbc, context, Duration.ZERO));
	}

	/** The batch as of a given time (the run's start, read once from the database). */
	BatchedWork.Result expireBatch(JdbcTemplate jdbc, int limit, LocalDateTime asOf) {
		long grace = this.gracePeriod.toMillis();
		int graced = count(jdbc.queryForObject(START_GRACE, Integer.class, asOf, limit, this.jobExecutionId));
		int lapsed = count(jdbc.queryForObject(LAPSE, Integer.class, asOf, limit, this.jobExecutionId));
		int exhausted = count(jdbc.queryForObject(EXHAUST_GRACE, Integer.class, grace, asOf, grace, asOf, grace, limit,
				this.jobExecutionId));
		int changed = graced + lapsed + exhausted;
		int scanned = Math.max(graced, Math.max(lapsed, exhausted));
		if (scanned < limit) {
			this.metrics.ifPresent((meters) -> meters.sample(jdbc));
		}
		return new BatchedWork.Result(scanned, changed);
	}

	long countRemaining(JdbcTemplate jdbc, long cap, ExecutionContext context) {
		LocalDateTime asOf = RunCutoff.of(jdbc, context, Duration.ZERO);
		Long count = jdbc.queryForObject(COUNT, Long.class, asOf, this.gracePeriod.toMillis(), asOf);
		return Math.min(cap, (count != null) ? count : 0);
	}

	private static int count(Integer rows) {
		return (rows != null) ? rows : 0;
	}

}
