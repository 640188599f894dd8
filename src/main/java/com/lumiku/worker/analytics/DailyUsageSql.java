package com.lumiku.worker.analytics;

/**
 * The rows of {@code v_daily_usage} (migration V40) for given (day, user) keys, read from
 * each source by its ({@code "userId"}, {@code "createdAt"}) index: the same columns and
 * rules, so an incremental summary equals the full recomputation (the tests compare
 * them).
 */
final class DailyUsageSql {

	static final String KEYED = """
			WITH facts AS (
			    SELECT k.day, k.user_id, 'video-mixer'::text AS app, g.status,
			           0 AS credits_spent, 0 AS credits_refunded, 0 AS quota_used
			    FROM keys k JOIN public.video_mixer_generations g
			      ON g."userId" = k.user_id AND g."createdAt" >= k.day AND g."createdAt" < k.day + 1
			    UNION ALL
			    SELECT k.day, k.user_id, 'carousel-mix', g.status, 0, 0, 0
			    FROM keys k JOIN public.carousel_generations g
			      ON g."userId" = k.user_id AND g."createdAt" >= k.day AND g."createdAt" < k.day + 1
			    UNION ALL
			    SELECT k.day, k.user_id, 'looping-flow', g.status, 0, 0, 0
			    FROM keys k JOIN public.looping_flow_generations g
			      ON g."userId" = k.user_id AND g."createdAt" >= k.day AND g."createdAt" < k.day + 1
			    UNION ALL
			    SELECT k.day, k.user_id, 'avatar-creator', g.status, 0, 0, 0
			    FROM keys k JOIN public.avatar_generations g
			      ON g."userId" = k.user_id AND g."createdAt" >= k.day AND g."createdAt" < k.day + 1
			    UNION ALL
			    SELECT k.day, k.user_id,
			           CASE WHEN c.description ~ '^[A-Za-z0-9_-]+:' THEN split_part(c.description, ':', 1)
			                ELSE 'other' END,
			           NULL,
			           CASE WHEN c.type = 'usage' THEN -c.amount ELSE 0 END,
			           CASE WHEN c.type = 'refund' THEN c.amount ELSE 0 END,
			           0
			    FROM keys k JOIN public.credits c
			      ON c."userId" = k.user_id AND c."createdAt" >= k.day AND c."createdAt" < k.day + 1
			    WHERE c.type IN ('usage', 'refund')
			    UNION ALL
			    SELECT k.day, k.user_id, m."appId", NULL, 0, 0, coalesce(m."quotaUsed", 0)
			    FROM keys k JOIN public.model_usages m
			      ON m."userId" = k.user_id AND m."createdAt" >= k.day AND m."createdAt" < k.day + 1
			    WHERE m."usageType" = 'quota')
			SELECT day, user_id, app,
			       count(status)::bigint AS generations,
			       count(*) FILTER (WHERE status = 'pending')::bigint AS pending,
			       count(*) FILTER (WHERE status = 'processing')::bigint AS processing,
			       count(*) FILTER (WHERE status = 'completed')::bigint AS completed,
			       count(*) FILTER (WHERE status = 'failed')::bigint AS failed,
			       count(*) FILTER (WHERE status = 'cancelled')::bigint AS cancelled,
			       sum(credits_spent)::bigint AS credits_spent,
			       sum(credits_refunded)::bigint AS credits_refunded,
			       sum(quota_used)::bigint AS quota_used
			FROM facts
			GROUP BY day, user_id, app""";

	private DailyUsageSql() {
	}

}
