-- The operator console's audit trail (console/): one row per action taken in the browser (run,
-- stop, restart, pause, resume, and the generation queue's bulk retry and cancel), with who took
-- it (the token's name, never the token), what it acted on, and how it ended. A bulk action's row
-- is written before its first batch (status 'running') and finished after its last, so an action
-- cut short by a crash stays visible as 'running'. Append-only apart from that one update.
CREATE TABLE lumiku_worker.console_action (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action        text        NOT NULL,
    actor         text        NOT NULL,
    target        text        NOT NULL,
    -- a bulk action's filter as the operator confirmed it, e.g. app=looping-flow since=...
    filter        text,
    -- the rows the preview counted, and the rows the action changed
    previewed     bigint,
    changed       bigint,
    status        text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'refused')),
    detail        text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

CREATE INDEX console_action_started_idx ON lumiku_worker.console_action (started_at DESC);

COMMENT ON TABLE lumiku_worker.console_action IS
    'Audit trail of the operator console: who did what, to what, with what result.';

-- Which rows each bulk action changed: find what the console did to one generation.
CREATE TABLE lumiku_worker.console_action_row (
    action_id        bigint NOT NULL REFERENCES lumiku_worker.console_action (id),
    generation_table text   NOT NULL,
    generation_id    text   NOT NULL,
    from_status      text   NOT NULL,
    to_status        text   NOT NULL,
    PRIMARY KEY (action_id, generation_table, generation_id)
);

CREATE INDEX console_action_row_generation_idx ON lumiku_worker.console_action_row (generation_id);
