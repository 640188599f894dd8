-- Least-privilege PostgreSQL roles for lumiku-worker (docs/security.md#database-roles). Run as a
-- superuser (or the database owner) on the Lumiku database, after replacing the passwords:
-- section 1 once, then `lumiku-worker migrate` as lumiku_worker_migrate, then section 2 (and again
-- section 2 after a release whose notes say it adds grants). See README "Database roles".
--
--   lumiku_worker_migrate   runs `lumiku-worker migrate` (Flyway): owns and alters the worker's
--                           schema objects. Use it only for migrations (and `partitions convert`,
--                           which is DDL). No superuser, no role or database creation.
--   lumiku_worker           runs `serve` and the CLI with LUMIKU_MIGRATE_ON_START=false: reads and
--                           writes rows where a job needs them; no DDL, no TRUNCATE; never reads
--                           users.password or sessions.token; cannot erase the archive catalogue
--                           or the audit trails (append and finish only).
--   lumiku_worker_readonly  analytics and dashboards (and a read-only console, docs/security.md):
--                           reads the worker's tables and the analytics views, writes nothing
--                           (every transaction is read-only, and no write privilege exists).

-- ==== Section 1: before the first migration ====
CREATE ROLE lumiku_worker_migrate LOGIN PASSWORD 'change-me-migrate';
CREATE ROLE lumiku_worker LOGIN PASSWORD 'change-me-runtime';
CREATE ROLE lumiku_worker_readonly LOGIN PASSWORD 'change-me-readonly';
ALTER ROLE lumiku_worker_readonly SET default_transaction_read_only = on;

-- Migrations create the lumiku_worker schema (Spring Batch, Quartz, liveness tables) and indexes,
-- CHECK constraints and views on the app's tables in public. Adding an index or a constraint to
-- a table requires owning it: on an adopted database, either run `migrate` as the owner of the
-- app's tables (the Prisma role), or make lumiku_worker_migrate a member of that role:
--   GRANT <prisma_owner_role> TO lumiku_worker_migrate;
GRANT CREATE ON DATABASE lumiku TO lumiku_worker_migrate;  -- "lumiku": your database name
GRANT USAGE, CREATE ON SCHEMA public TO lumiku_worker_migrate;

-- ==== Section 2: after `lumiku-worker migrate` (the schema exists) ====
-- Runtime: the worker's own schema, full DML.
GRANT USAGE ON SCHEMA lumiku_worker TO lumiku_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA lumiku_worker TO lumiku_worker;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA lumiku_worker TO lumiku_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE lumiku_worker_migrate IN SCHEMA lumiku_worker
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lumiku_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE lumiku_worker_migrate IN SCHEMA lumiku_worker
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO lumiku_worker;
-- ... except what must never be erased: the archive catalogue (the proof that a dropped
-- partition was exported and verified) and the audit trails (operator actions, console actions).
-- The runtime appends and finishes their rows; deleting them takes the migration role.
REVOKE DELETE, TRUNCATE ON lumiku_worker.archive, lumiku_worker.archive_carry_forward,
    lumiku_worker.operator_audit, lumiku_worker.console_action, lumiku_worker.console_action_row
    FROM lumiku_worker;
REVOKE UPDATE ON lumiku_worker.operator_audit FROM lumiku_worker;
GRANT UPDATE (execution_id, outcome, detail, finished_at) ON lumiku_worker.operator_audit TO lumiku_worker;

-- Runtime: the app's tables in public. Reading is needed for the monitoring views and the jobs;
-- writes only where a job changes rows. Not the secrets of the app's users: users.password and
-- sessions.token are not readable (columns listed; a column the app adds later needs adding here).
GRANT USAGE ON SCHEMA public TO lumiku_worker;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO lumiku_worker;
REVOKE SELECT ON users, sessions FROM lumiku_worker;
GRANT SELECT (id, email, name, role, "storageQuota", "storageUsed", "accountType", "subscriptionTier",
    "userTags", "createdAt", "updatedAt") ON users TO lumiku_worker;
-- (ctid: session-cleanup deletes expired sessions in block ranges)
GRANT SELECT (ctid, id, "userId", "expiresAt", "createdAt") ON sessions TO lumiku_worker;
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

-- Read-only: SELECT on both schemas (the analytics views and summaries, the job history, the
-- audit trails, the app's tables without users.password and sessions.token), nothing else.
GRANT USAGE ON SCHEMA public, lumiku_worker TO lumiku_worker_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA public, lumiku_worker TO lumiku_worker_readonly;
REVOKE SELECT ON users, sessions FROM lumiku_worker_readonly;
GRANT SELECT (id, email, name, role, "storageQuota", "storageUsed", "accountType", "subscriptionTier",
    "userTags", "createdAt", "updatedAt") ON users TO lumiku_worker_readonly;
GRANT SELECT (id, "userId", "expiresAt", "createdAt") ON sessions TO lumiku_worker_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE lumiku_worker_migrate IN SCHEMA lumiku_worker
    GRANT SELECT ON TABLES TO lumiku_worker_readonly;
