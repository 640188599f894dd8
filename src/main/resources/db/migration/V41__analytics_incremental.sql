-- Incremental analytics (analytics-refresh mode=incremental; docs/analytics.md "Change capture").
--
-- Summary tables: the same columns as the v_/mv_ views of V40, keyed by their primary key.
-- Change capture: AFTER ... FOR EACH STATEMENT triggers with transition tables on every source
-- table record the DISTINCT keys a statement touched (old and new rows: inserts, late inserts
-- with an old "createdAt", updates, deletes, the users cascade) in analytics_dirty_<name>. The
-- job deletes a batch of dirty keys and recomputes exactly those keys from the sources in the
-- same statement, so a run that dies midway leaves its keys dirty and the next run redoes them.
-- The trigger functions are SECURITY DEFINER (owned by the migration role) so the app's own role
-- and the worker's runtime role need no privilege on these tables to write the source tables.
-- TRUNCATE of a source table (no transition table) asks for a full rebuild instead.

CREATE TABLE lumiku_worker.daily_usage (
    day              date   NOT NULL,
    user_id          text   NOT NULL,
    app              text   NOT NULL,
    generations      bigint NOT NULL,
    pending          bigint NOT NULL,
    processing       bigint NOT NULL,
    completed        bigint NOT NULL,
    failed           bigint NOT NULL,
    cancelled        bigint NOT NULL,
    credits_spent    bigint NOT NULL,
    credits_refunded bigint NOT NULL,
    quota_used       bigint NOT NULL,
    PRIMARY KEY (day, user_id, app)
);

CREATE TABLE lumiku_worker.model_popularity_daily (
    day          date   NOT NULL,
    app_id       text   NOT NULL,
    model_key    text   NOT NULL,
    usages       bigint NOT NULL,
    users        bigint NOT NULL,
    credits_used bigint NOT NULL,
    quota_used   bigint NOT NULL,
    PRIMARY KEY (day, app_id, model_key)
);

CREATE TABLE lumiku_worker.revenue_daily (
    day          date    NOT NULL PRIMARY KEY,
    payments     bigint  NOT NULL,
    payers       bigint  NOT NULL,
    amount       numeric NOT NULL,
    credits_sold bigint  NOT NULL
);

CREATE TABLE lumiku_worker.quota_utilisation_daily (
    quota_type     text    NOT NULL,
    period         text    NOT NULL,
    users          bigint  NOT NULL,
    used           bigint  NOT NULL,
    quota_limit    bigint  NOT NULL,
    utilisation    numeric,
    users_at_limit bigint  NOT NULL,
    PRIMARY KEY (quota_type, period)
);

-- Dirty keys: no primary key on purpose (an app transaction never waits on another's key; the job
-- takes DISTINCT keys), so an insert here is an append.
CREATE TABLE lumiku_worker.analytics_dirty_daily_usage (day date NOT NULL, user_id text NOT NULL);
CREATE TABLE lumiku_worker.analytics_dirty_model_popularity_daily (
    day date NOT NULL, app_id text NOT NULL, model_key text NOT NULL);
CREATE TABLE lumiku_worker.analytics_dirty_revenue_daily (day date NOT NULL);
CREATE TABLE lumiku_worker.analytics_dirty_quota_utilisation_daily (quota_type text NOT NULL, period text NOT NULL);

-- When each view or summary was last brought up to date (database time, end of its last
-- successful refresh): the staleness metric. rebuild_requested: a source table was truncated.
CREATE TABLE lumiku_worker.analytics_refresh_state (
    view_name         text        PRIMARY KEY,
    refreshed_at      timestamptz NOT NULL,
    mode              text        NOT NULL CHECK (mode IN ('concurrent', 'incremental', 'full')),
    duration_ms       bigint      NOT NULL DEFAULT 0,
    changed_keys      bigint      NOT NULL DEFAULT 0,
    rebuild_requested boolean     NOT NULL DEFAULT false
);

-- daily_usage keys (day, user) of the generation tables, credits and model_usages
CREATE FUNCTION lumiku_worker.analytics_capture_user_day() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO lumiku_worker.analytics_dirty_daily_usage (day, user_id)
        SELECT DISTINCT "createdAt"::date, "userId" FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO lumiku_worker.analytics_dirty_daily_usage (day, user_id)
        SELECT DISTINCT "createdAt"::date, "userId" FROM old_rows;
    ELSE
        INSERT INTO lumiku_worker.analytics_dirty_daily_usage (day, user_id)
        SELECT "createdAt"::date, "userId" FROM new_rows
        UNION SELECT "createdAt"::date, "userId" FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

-- An UPDATE of a generation table: only rows whose status, user or day changed (the queue's
-- lease and heartbeat updates change none of them and record nothing).
CREATE FUNCTION lumiku_worker.analytics_capture_generation_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO lumiku_worker.analytics_dirty_daily_usage (day, user_id)
    SELECT k.day, k.user_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (n."createdAt"::date, n."userId"), (o."createdAt"::date, o."userId")) AS k(day, user_id)
    WHERE (n.status, n."userId", n."createdAt") IS DISTINCT FROM (o.status, o."userId", o."createdAt")
    GROUP BY k.day, k.user_id;
    RETURN NULL;
END $$;

-- model_usages feeds daily_usage (quota used) and model_popularity_daily
CREATE FUNCTION lumiku_worker.analytics_capture_model_usages() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO lumiku_worker.analytics_dirty_daily_usage (day, user_id)
        SELECT DISTINCT "createdAt"::date, "userId" FROM new_rows;
        INSERT INTO lumiku_worker.analytics_dirty_model_popularity_daily (day, app_id, model_key)
        SELECT DISTINCT "createdAt"::date, "appId", "modelKey" FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO lumiku_worker.analytics_dirty_daily_usage (day, user_id)
        SELECT DISTINCT "createdAt"::date, "userId" FROM old_rows;
        INSERT INTO lumiku_worker.analytics_dirty_model_popularity_daily (day, app_id, model_key)
        SELECT DISTINCT "createdAt"::date, "appId", "modelKey" FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

-- payments: only rows that are (or were) successful count for revenue
CREATE FUNCTION lumiku_worker.analytics_capture_payments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO lumiku_worker.analytics_dirty_revenue_daily (day)
        SELECT DISTINCT "createdAt"::date FROM new_rows WHERE status = 'success';
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO lumiku_worker.analytics_dirty_revenue_daily (day)
        SELECT DISTINCT "createdAt"::date FROM old_rows WHERE status = 'success';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION lumiku_worker.analytics_capture_quota_usages() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO lumiku_worker.analytics_dirty_quota_utilisation_daily (quota_type, period)
        SELECT DISTINCT "quotaType", period FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO lumiku_worker.analytics_dirty_quota_utilisation_daily (quota_type, period)
        SELECT DISTINCT "quotaType", period FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

-- TRUNCATE has no transition table: the summaries it feeds (trigger arguments) are rebuilt whole
CREATE FUNCTION lumiku_worker.analytics_request_rebuild() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE lumiku_worker.analytics_refresh_state SET rebuild_requested = true WHERE view_name = ANY (TG_ARGV);
    RETURN NULL;
END $$;

-- The triggers (docs/analytics.md lists them; a table swapped in by a partitioning conversion
-- needs the same ones on its partitioned parent).
DO $$
DECLARE
    source record;
BEGIN
    FOR source IN SELECT * FROM (VALUES
            ('video_mixer_generations', 'analytics_capture_user_day', 'analytics_capture_generation_update', 'daily_usage'),
            ('carousel_generations', 'analytics_capture_user_day', 'analytics_capture_generation_update', 'daily_usage'),
            ('looping_flow_generations', 'analytics_capture_user_day', 'analytics_capture_generation_update', 'daily_usage'),
            ('avatar_generations', 'analytics_capture_user_day', 'analytics_capture_generation_update', 'daily_usage'),
            ('credits', 'analytics_capture_user_day', 'analytics_capture_user_day', 'daily_usage'),
            ('model_usages', 'analytics_capture_model_usages', 'analytics_capture_model_usages',
                'daily_usage,model_popularity_daily'),
            ('payments', 'analytics_capture_payments', 'analytics_capture_payments', 'revenue_daily'),
            ('quota_usages', 'analytics_capture_quota_usages', 'analytics_capture_quota_usages', 'quota_utilisation_daily'))
        AS t(tbl, capture, on_update, summaries)
    LOOP
        EXECUTE format('CREATE TRIGGER analytics_%s_insert AFTER INSERT ON public.%I'
            || ' REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.%I()',
            source.tbl, source.tbl, source.capture);
        EXECUTE format('CREATE TRIGGER analytics_%s_update AFTER UPDATE ON public.%I'
            || ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT'
            || ' EXECUTE FUNCTION lumiku_worker.%I()', source.tbl, source.tbl, source.on_update);
        EXECUTE format('CREATE TRIGGER analytics_%s_delete AFTER DELETE ON public.%I'
            || ' REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.%I()',
            source.tbl, source.tbl, source.capture);
        EXECUTE format('CREATE TRIGGER analytics_%s_truncate AFTER TRUNCATE ON public.%I'
            || ' FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.analytics_request_rebuild(%s)',
            source.tbl, source.tbl,
            (SELECT string_agg(quote_literal(s), ', ') FROM unnest(string_to_array(source.summaries, ',')) s));
    END LOOP;
END $$;

REVOKE ALL ON FUNCTION lumiku_worker.analytics_capture_user_day(), lumiku_worker.analytics_capture_generation_update(),
    lumiku_worker.analytics_capture_model_usages(), lumiku_worker.analytics_capture_payments(),
    lumiku_worker.analytics_capture_quota_usages(), lumiku_worker.analytics_request_rebuild() FROM PUBLIC;

-- First contents, after the triggers exist: creating a trigger locks its table against writes
-- until this migration commits, so no change falls between the copy and the capture.
INSERT INTO lumiku_worker.daily_usage SELECT * FROM lumiku_worker.v_daily_usage;
INSERT INTO lumiku_worker.model_popularity_daily SELECT * FROM lumiku_worker.v_model_popularity_daily;
INSERT INTO lumiku_worker.revenue_daily SELECT * FROM lumiku_worker.v_revenue_daily;
INSERT INTO lumiku_worker.quota_utilisation_daily SELECT * FROM lumiku_worker.v_quota_utilisation_daily;

INSERT INTO lumiku_worker.analytics_refresh_state (view_name, refreshed_at, mode)
SELECT name, now(), mode FROM (VALUES
    ('daily_usage', 'full'), ('model_popularity_daily', 'full'), ('revenue_daily', 'full'),
    ('quota_utilisation_daily', 'full'), ('mv_daily_usage', 'full'), ('mv_model_popularity_daily', 'full'),
    ('mv_revenue_daily', 'full'), ('mv_quota_utilisation_daily', 'full')) AS v(name, mode);
