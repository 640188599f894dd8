-- Least-privilege PostgreSQL roles for lumiku-worker. Run once as a superuser (or the database
-- owner) on the Lumiku database, after replacing the passwords. See README "Database roles".
--
--   lumiku_worker_migrate  runs `lumiku-worker migrate` (Flyway): creates and alters the worker's
--                          schema objects. Use it only for migrations.
--   lumiku_worker          runs `serve` and the CLI with LUMIKU_MIGRATE_ON_START=false: reads and
--                          writes rows, no DDL, no TRUNCATE, no role or database privileges.

CREATE ROLE lumiku_worker_migrate LOGIN PASSWORD 'change-me-migrate';
CREATE ROLE lumiku_worker LOGIN PASSWORD 'change-me-runtime';

-- Migrations create the lumiku_worker schema (Spring Batch, Quartz, liveness tables) and indexes,
-- CHECK constraints and views on the app's tables in public. Adding an index or a constraint to
-- a table requires owning it: on an adopted database, either run `migrate` as the owner of the
-- app's tables (the Prisma role), or make lumiku_worker_migrate a member of that role:
--   GRANT <prisma_owner_role> TO lumiku_worker_migrate;
GRANT CREATE ON DATABASE lumiku TO lumiku_worker_migrate;  -- "lumiku": your database name
GRANT USAGE, CREATE ON SCHEMA public TO lumiku_worker_migrate;

-- Runtime: the worker's own schema, full DML.
-- (run after the first migration, once the schema exists)
GRANT USAGE ON SCHEMA lumiku_worker TO lumiku_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA lumiku_worker TO lumiku_worker;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA lumiku_worker TO lumiku_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE lumiku_worker_migrate IN SCHEMA lumiku_worker
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lumiku_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE lumiku_worker_migrate IN SCHEMA lumiku_worker
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO lumiku_worker;

-- Runtime: the app's tables in public. Reading everything is needed for the monitoring views and
-- the demo seed; writes only where a job changes rows.
GRANT USAGE ON SCHEMA public TO lumiku_worker;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO lumiku_worker;
GRANT INSERT, UPDATE, DELETE ON
    users, sessions, devices, credits, payments, subscriptions, quota_usages,
    video_mixer_generations, carousel_generations, looping_flow_generations, avatar_generations
    TO lumiku_worker;
-- Flyway's history table is read at start-up to check the schema version.
GRANT SELECT ON public.flyway_schema_history TO lumiku_worker;
-- db-vacuum (docs/db-maintenance.md#vacuum): VACUUM needs the table's ownership or, on PostgreSQL
-- 17+, the MAINTAIN privilege (VACUUM, ANALYZE, REINDEX, CLUSTER, REFRESH MATERIALIZED VIEW, LOCK
-- TABLE; no reads or writes of its own). It is granted only where the server has it: on
-- PostgreSQL 15/16 the statement is skipped with a NOTICE, and db-vacuum skips (and reports) each
-- table it may not vacuum, unless it runs as the tables' owner. The db-maintenance checks need
-- nothing beyond the grants above.
DO $maintain$
BEGIN
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE 'GRANT MAINTAIN ON users, sessions, devices, credits, payments, subscriptions, quota_usages,'
            || ' model_usages, app_usages, video_mixer_generations, carousel_generations,'
            || ' looping_flow_generations, avatar_generations TO lumiku_worker';
    ELSE
        RAISE NOTICE 'PostgreSQL % has no MAINTAIN privilege: db-vacuum needs the tables'' owner here',
            current_setting('server_version');
    END IF;
END
$maintain$;
-- Analytics (docs/analytics.md): REFRESH MATERIALIZED VIEW needs ownership, so the runtime role
-- refreshes the views only through this SECURITY DEFINER function of the migration role.
GRANT EXECUTE ON FUNCTION lumiku_worker.analytics_refresh_materialized_view(text, boolean) TO lumiku_worker;
