-- Liveness of worker processes (daemons and one-shot CLI runs alike). Every process upserts its
-- row every few seconds; a Spring Batch execution whose worker's heartbeat is older than the
-- staleness limit (compared with the database clock, never a node's clock) belongs to a dead
-- process and is made restartable (see StaleExecutionRecovery).
CREATE TABLE lumiku_worker.worker_instance (
    id           text        PRIMARY KEY,
    host         text        NOT NULL,
    pid          bigint      NOT NULL,
    mode         text        NOT NULL CHECK (mode IN ('serve', 'tool')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE lumiku_worker.worker_instance IS
    'One row per live lumiku-worker process; heartbeat_at is refreshed every few seconds.';

-- Which worker process runs (or ran) each Spring Batch execution. Written when the execution
-- starts; a restart on another process writes a new execution with its own owner. Not a job
-- parameter: a restart reuses the original parameters, which would name the dead worker.
CREATE TABLE lumiku_worker.job_execution_owner (
    job_execution_id bigint      PRIMARY KEY
        REFERENCES lumiku_worker.batch_job_execution (job_execution_id) ON DELETE CASCADE,
    worker_id        text        NOT NULL,
    claimed_at       timestamptz NOT NULL DEFAULT now()
);
