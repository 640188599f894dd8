package com.lumiku.worker.quota;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.bulk.BatchedWork;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batch of quota reset: the next users by id (keyset, kept in the step's context) get
 * the day's daily row, and the month's monthly row where their plan has a
 * {@code monthlyQuota}, with {@code usageCount} 0 and {@code quotaLimit} from their
 * <em>current</em> plan: the plan of an active subscription whose {@code endDate} is
 * still ahead (the app's own test), else the free plan (the active {@code free}-tier plan
 * first in display order), else {@value #APP_FREE_DAILY_QUOTA} a day as the app does.
 * {@code ON CONFLICT DO NOTHING} on the app's unique key (userId, period, quotaType): a
 * row the app already created lazily, or another process or an earlier run created, is
 * left as it is, so the job is idempotent per period.
 */
final class OpenQuotaPeriods {

	/** The app's limit for a user without a subscription when no free plan exists. */
	static final int APP_FREE_DAILY_QUOTA = 10;

	private static final String DAY = "day";

	private static final String AFTER = "afterUserId";

	private static final String OPEN = """
			WITH batch AS (
			    SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?),
			free AS (
			    SELECT "dailyQuota", "monthlyQuota" FROM subscription_plans
			    WHERE tier = 'free' AND "isActive" ORDER BY "displayOrder", id LIMIT 1),
			limits AS (
			    SELECT b.id AS user_id,
			           COALESCE(p."dailyQuota", (SELECT "dailyQuota" FROM free), ?) AS daily,
			           CASE WHEN p.id IS NOT NULL THEN p."monthlyQuota"
			                ELSE (SELECT "monthlyQuota" FROM free) END AS monthly
			    FROM batch b
			    LEFT JOIN subscriptions s ON s."userId" = b.id AND s.status = 'active'
			                             AND s."endDate" > (now() AT TIME ZONE 'UTC')
			    LEFT JOIN subscription_plans p ON p.id = s."planId"),
			daily AS (
			    INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit",
			                              "resetAt", "createdAt", "updatedAt")
			    SELECT gen_random_uuid()::text, user_id, 'daily', ?, 0, daily, ?,
			           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
			    FROM limits
			    ON CONFLICT ("userId", period, "quotaType") DO NOTHING
			    RETURNING 1),
			monthly AS (
			    INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit",
			                              "resetAt", "createdAt", "updatedAt")
			    SELECT gen_random_uuid()::text, user_id, 'monthly', ?, 0, monthly, ?,
			           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
			    FROM limits WHERE monthly IS NOT NULL
			    ON CONFLICT ("userId", period, "quotaType") DO NOTHING
			    RETURNING 1)
			SELECT (SELECT count(*) FROM batch) AS users, (SELECT max(id) FROM batch) AS last_user,
			       (SELECT count(*) FROM daily) + (SELECT count(*) FROM monthly) AS opened
			""";

	private static final String USERS_WITHOUT_DAILY_ROW = """
			SELECT count(*) FROM (
			    SELECT 1 FROM users u WHERE u.id > ? AND NOT EXISTS (
			        SELECT 1 FROM quota_usages q
			        WHERE q."userId" = u.id AND q.period = ? AND q."quotaType" = 'daily')
			    LIMIT ?) candidates
			""";

	private final ZoneId zone;

	private final Optional<LocalDate> day;

	/**
	 * @param zone the zone whose midnight starts a period
	 * @param day the day whose periods to open; empty for today in the zone, by the
	 * database's clock
	 */
	OpenQuotaPeriods(ZoneId zone, Optional<LocalDate> day) {
		this.zone = zone;
		this.day = day;
	}

	/** Opens the periods of the next {@code limit} users. */
	BatchedWork.Result openBatch(JdbcTemplate jdbc, int limit, ExecutionContext context) {
		QuotaPeriods periods = periods(jdbc, context);
		String after = context.containsKey(AFTER) ? context.getString(AFTER) : "";
		Map<String, Object> result = jdbc.queryForMap(OPEN, after, limit, APP_FREE_DAILY_QUOTA, periods.dailyPeriod(),
				Timestamp.valueOf(periods.dailyResetAt()), periods.monthlyPeriod(),
				Timestamp.valueOf(periods.monthlyResetAt()));
		Object lastUser = result.get("last_user");
		if (lastUser != null) {
			context.putString(AFTER, (String) lastUser);
		}
		return new BatchedWork.Result(((Number) result.get("users")).intValue(),
				((Number) result.get("opened")).intValue());
	}

	/** Users (after the keyset position) still without the day's row. */
	long countRemaining(JdbcTemplate jdbc, long cap, ExecutionContext context) {
		String after = context.containsKey(AFTER) ? context.getString(AFTER) : "";
		Long count = jdbc.queryForObject(USERS_WITHOUT_DAILY_ROW, Long.class, after,
				periods(jdbc, context).dailyPeriod(), cap);
		return (count != null) ? count : 0;
	}

	private QuotaPeriods periods(JdbcTemplate jdbc, ExecutionContext context) {
		if (!context.containsKey(DAY)) {
			LocalDate chosen = this.day.orElseGet(
					() -> QuotaPeriods.at(jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant(), this.zone)
						.day());
			context.putString(DAY, chosen.toString());
		}
		return new QuotaPeriods(LocalDate.parse(context.getString(DAY)), this.zone);
	}

}
