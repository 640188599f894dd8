-- db-maintenance (docs/db-maintenance.md): what each run of the checks found, kept so that every
-- process reports the same lumiku_db_* gauges, and the size history that month-over-month growth
-- is computed from. The worker's own schema only; the app's tables are not altered.

-- One row per table per run of the table-sizes check. Growth = newest sample / the newest sample
-- at least 30 days older. Pruned by the check itself beyond a year.
CREATE TABLE lumiku_worker.db_size_sample (
    sampled_at   timestamptz NOT NULL,
    table_name   text        NOT NULL,
    table_bytes  bigint      NOT NULL,
    index_bytes  bigint      NOT NULL,
    total_bytes  bigint      NOT NULL,
    PRIMARY KEY (table_name, sampled_at)
);

-- The newest outcome of each check (one row per check, replaced by each run of it). succeeded_at
-- is the end of its newest run that did not fail (lumiku_db_maintenance_last_run_timestamp_seconds).
CREATE TABLE lumiku_worker.db_check_result (
    check_name       text        PRIMARY KEY,
    ran_at           timestamptz NOT NULL,
    succeeded_at     timestamptz,
    status           text        NOT NULL CHECK (status IN ('OK', 'WARN', 'NOTE', 'ERROR')),
    summary          text        NOT NULL,
    details          text        NOT NULL,
    job_execution_id bigint
);

-- The figures behind the lumiku_db_* gauges, as of each check's newest successful run. label is ''
-- for a figure without a tag (lumiku_db_unused_indexes), else the table or app it is about.
CREATE TABLE lumiku_worker.db_check_value (
    check_name text             NOT NULL,
    metric     text             NOT NULL,
    label      text             NOT NULL,
    value      double precision NOT NULL,
    PRIMARY KEY (check_name, metric, label)
);
