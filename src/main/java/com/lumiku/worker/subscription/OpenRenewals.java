package com.lumiku.worker.subscription;

import java.time.Duration;
import java.time.LocalDateTime;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens one renewal per (subscription, billing period) for the subscriptions due:
 * renewing ({@code autoRenew}, not cancelled), {@code active} or in grace, billing date
 * (the earlier of {@code nextBillingDate} and {@code endDate}) at or before {@code asOf}
 * plus the lead time. The period starts at the subscription's {@code endDate}; the price
 * and cycle are those of the subscription's plan now, so a plan changed mid-period takes
 * effect at the next period. A user with a stored payment method
 * ({@code lumiku_worker.subscription_payment_method}) is charged; every other renewal is
 * invoiced. {@code ON CONFLICT DO NOTHING} on the unique (subscription, period) key:
 * opening twice opens nothing.
 */
final class OpenRenewals {

	private static final String OPEN = """
			WITH due AS (
			    SELECT s.id, s."userId", s."endDate", p.id AS plan_id, p."billingCycle", p.price
			    FROM subscriptions s JOIN subscription_plans p ON p.id = s."planId"
			    WHERE s.status IN ('active', 'grace_period') AND s."autoRenew" AND s."cancelledAt" IS NULL
			      AND least(coalesce(s."nextBillingDate", s."endDate"), s."endDate") <= ? + ? * interval '1 millisecond'
			      AND s.id > ?
			    ORDER BY s.id LIMIT ?),
			opened AS (
			    INSERT INTO lumiku_worker.subscription_renewal
			        (subscription_id, user_id, period_start, plan_id, billing_cycle, amount, next_attempt_at, collection)
			    SELECT id, "userId", "endDate", plan_id, "billingCycle", round(price::numeric), ?,
			           CASE WHEN EXISTS (SELECT 1 FROM lumiku_worker.subscription_payment_method m
			                             WHERE m.user_id = due."userId") THEN 'charge' ELSE 'invoice' END
			    FROM due
			    ON CONFLICT (subscription_id, period_start) DO NOTHING
			    RETURNING 1)
			SELECT (SELECT count(*) FROM due) AS scanned, (SELECT max(id) FROM due) AS last_id,
			       (SELECT count(*) FROM opened) AS opened
			""";

	private static final String COUNT = """
			SELECT count(*) FROM subscriptions s
			WHERE s.status IN ('active', 'grace_period') AND s."autoRenew" AND s."cancelledAt" IS NULL
			  AND least(coalesce(s."nextBillingDate", s."endDate"), s."endDate") <= ? + ? * interval '1 millisecond'
			  AND NOT EXISTS (SELECT 1 FROM lumiku_worker.subscription_renewal r
			                  WHERE r.subscription_id = s.id AND r.period_start = s."endDate")
			""";

	private final Duration leadTime;

	OpenRenewals(Duration leadTime) {
		this.leadTime = leadTime;
	}

	/**
	 * One keyset batch.
	 * @return how many subscriptions were looked at, the last id, how many renewals
	 * opened
	 */
	Batch openBatch(JdbcTemplate jdbc, LocalDateTime asOf, String afterId, int limit) {
		return jdbc.queryForObject(OPEN,
				(rs, row) -> new Batch(rs.getInt("scanned"), rs.getString("last_id"), rs.getInt("opened")), asOf,
				this.leadTime.toMillis(), afterId, limit, asOf);
	}

	long countDue(JdbcTemplate jdbc, LocalDateTime asOf) {
		Long count = jdbc.queryForObject(COUNT, Long.class, asOf, this.leadTime.toMillis());
		return (count != null) ? count : 0;
	}

	record Batch(int scanned, String lastId, int opened) {
	}

}
