-- The operator audit trail (docs/security.md#audit): one row per operator action (run, stop,
-- restart, pause, resume, reload), from every surface: the HTTP API (who = the token's name), the
-- CLI working directly on the database (who = 'cli:' + the OS user) and the console (who = the
-- console token's name). Parameters are kept as jsonb, bound as a value, never as SQL text.
-- A row is written when the action is asked for (outcome 'started') and finished when it ends,
-- so an action cut short by a crash stays visible as 'started'. The runtime role may insert and
-- finish rows, never delete them (config/database-roles.sql).
CREATE TABLE lumiku_worker.operator_audit (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor         text        NOT NULL CHECK (actor <> ''),
    surface       text        NOT NULL CHECK (surface IN ('api', 'cli', 'console')),
    action        text        NOT NULL CHECK (action IN ('run', 'stop', 'restart', 'pause', 'resume', 'reload')),
    job_name      text,
    -- the execution acted on (stop, restart) or made (run, restart)
    execution_id  bigint,
    parameters    jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(parameters) = 'object'),
    outcome       text        NOT NULL DEFAULT 'started' CHECK (outcome IN ('started', 'done', 'failed', 'refused')),
    detail        text,
    finished_at   timestamptz
);

CREATE INDEX operator_audit_at_idx ON lumiku_worker.operator_audit (at DESC);
CREATE INDEX operator_audit_job_idx ON lumiku_worker.operator_audit (job_name, at DESC);

COMMENT ON TABLE lumiku_worker.operator_audit IS
    'Who did which operator action (run, stop, restart, pause, resume, reload), when, from where, with what result.';

-- Append-only for the runtime role where it exists (the default privileges of
-- config/database-roles.sql gave it full DML on every new table of this schema).
DO $audit$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lumiku_worker') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON lumiku_worker.operator_audit FROM lumiku_worker;
        GRANT SELECT, INSERT ON lumiku_worker.operator_audit TO lumiku_worker;
        GRANT UPDATE (execution_id, outcome, detail, finished_at) ON lumiku_worker.operator_audit TO lumiku_worker;
    END IF;
END
$audit$;
