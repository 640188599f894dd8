-- Usage analytics (analytics-refresh; docs/analytics.md), in schema lumiku_worker.
--
-- Each analytic exists three ways, with the same columns:
--   v_<name>    the definition: a plain view computed from the app's tables on every read (the
--               "full recomputation" the tests and the benchmark compare against);
--   mv_<name>   a materialized view of it, with the unique index REFRESH ... CONCURRENTLY needs;
--   <name>      a summary table kept exact incrementally: triggers on the source tables record the
--               keys whose rows changed (analytics_dirty_<name>, V41), and the job recomputes only
--               those keys from the sources.
-- Days are UTC dates of "createdAt" (the app writes UTC timestamp(3)).

-- daily usage per user and app: generations by status (the four *_generations tables), credits
-- spent and refunded (the credits ledger: usage rows negative, refund rows positive; the app is the
-- "<appId>: <action>" prefix of the description, 'other' when there is none), quota used
-- (model_usages rows charged to quota).
CREATE VIEW lumiku_worker.v_daily_usage AS
WITH facts AS (
    SELECT "createdAt"::date AS day, "userId" AS user_id, 'video-mixer'::text AS app, status,
           0 AS credits_spent, 0 AS credits_refunded, 0 AS quota_used
    FROM public.video_mixer_generations
    UNION ALL
    SELECT "createdAt"::date, "userId", 'carousel-mix', status, 0, 0, 0 FROM public.carousel_generations
    UNION ALL
    SELECT "createdAt"::date, "userId", 'looping-flow', status, 0, 0, 0 FROM public.looping_flow_generations
    UNION ALL
    SELECT "createdAt"::date, "userId", 'avatar-creator', status, 0, 0, 0 FROM public.avatar_generations
    UNION ALL
    SELECT "createdAt"::date, "userId",
           CASE WHEN description ~ '^[A-Za-z0-9_-]+:' THEN split_part(description, ':', 1) ELSE 'other' END,
           NULL,
           CASE WHEN type = 'usage' THEN -amount ELSE 0 END,
           CASE WHEN type = 'refund' THEN amount ELSE 0 END,
           0
    FROM public.credits WHERE type IN ('usage', 'refund')
    UNION ALL
    SELECT "createdAt"::date, "userId", "appId", NULL, 0, 0, coalesce("quotaUsed", 0)
    FROM public.model_usages WHERE "usageType" = 'quota'
)
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
GROUP BY day, user_id, app;

-- model popularity per day (model_usages)
CREATE VIEW lumiku_worker.v_model_popularity_daily AS
SELECT "createdAt"::date AS day, "appId" AS app_id, "modelKey" AS model_key,
       count(*)::bigint AS usages,
       count(DISTINCT "userId")::bigint AS users,
       sum(coalesce("creditUsed", 0))::bigint AS credits_used,
       sum(coalesce("quotaUsed", 0))::bigint AS quota_used
FROM public.model_usages
GROUP BY 1, 2, 3;

-- revenue per day: successful payments by the day they were created (amount in IDR, summed as
-- numeric so the total does not depend on the order rows are added in)
CREATE VIEW lumiku_worker.v_revenue_daily AS
SELECT "createdAt"::date AS day,
       count(*)::bigint AS payments,
       count(DISTINCT "userId")::bigint AS payers,
       sum(amount::numeric) AS amount,
       sum("creditAmount")::bigint AS credits_sold
FROM public.payments
WHERE status = 'success'
GROUP BY 1;

-- quota utilisation per period (a daily period is its UTC date, 'YYYY-MM-DD'; a monthly one
-- 'YYYY-MM'): users with a row, quota used and granted, the ratio, users at or over their limit
CREATE VIEW lumiku_worker.v_quota_utilisation_daily AS
SELECT "quotaType" AS quota_type, period,
       count(*)::bigint AS users,
       sum("usageCount")::bigint AS used,
       sum("quotaLimit")::bigint AS quota_limit,
       round(sum("usageCount")::numeric / nullif(sum("quotaLimit"), 0), 4) AS utilisation,
       count(*) FILTER (WHERE "usageCount" >= "quotaLimit")::bigint AS users_at_limit
FROM public.quota_usages
GROUP BY 1, 2;

-- The materialized views, with the unique index a concurrent refresh needs.
CREATE MATERIALIZED VIEW lumiku_worker.mv_daily_usage AS SELECT * FROM lumiku_worker.v_daily_usage;
CREATE UNIQUE INDEX mv_daily_usage_key ON lumiku_worker.mv_daily_usage (day, user_id, app);

CREATE MATERIALIZED VIEW lumiku_worker.mv_model_popularity_daily AS
    SELECT * FROM lumiku_worker.v_model_popularity_daily;
CREATE UNIQUE INDEX mv_model_popularity_daily_key ON lumiku_worker.mv_model_popularity_daily (day, app_id, model_key);

CREATE MATERIALIZED VIEW lumiku_worker.mv_revenue_daily AS SELECT * FROM lumiku_worker.v_revenue_daily;
CREATE UNIQUE INDEX mv_revenue_daily_key ON lumiku_worker.mv_revenue_daily (day);

CREATE MATERIALIZED VIEW lumiku_worker.mv_quota_utilisation_daily AS
    SELECT * FROM lumiku_worker.v_quota_utilisation_daily;
CREATE UNIQUE INDEX mv_quota_utilisation_daily_key ON lumiku_worker.mv_quota_utilisation_daily (quota_type, period);

-- REFRESH MATERIALIZED VIEW needs ownership of the view; the runtime role owns nothing. This
-- function, owned by the migration role (SECURITY DEFINER), refreshes one of the four views by
-- name and nothing else, single-flight: when another session holds the view's advisory lock (a
-- refresh still running, on any process) it returns false at once instead of queueing behind it.
-- The caller's SET LOCAL lock_timeout / statement_timeout apply. config/database-roles.sql grants
-- EXECUTE to the runtime role.
CREATE FUNCTION lumiku_worker.analytics_refresh_materialized_view(view_name text, concurrent boolean)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF view_name IS NULL OR view_name NOT IN
            ('mv_daily_usage', 'mv_model_popularity_daily', 'mv_revenue_daily', 'mv_quota_utilisation_daily') THEN
        RAISE EXCEPTION 'not an analytics materialized view: %', view_name USING ERRCODE = '22023';
    END IF;
    IF NOT pg_try_advisory_xact_lock(4011, hashtext(view_name)) THEN
        RETURN false;
    END IF;
    IF concurrent THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY lumiku_worker.%I', view_name);
    ELSE
        EXECUTE format('REFRESH MATERIALIZED VIEW lumiku_worker.%I', view_name);
    END IF;
    RETURN true;
END $$;

REVOKE ALL ON FUNCTION lumiku_worker.analytics_refresh_materialized_view(text, boolean) FROM PUBLIC;
