-- Monthly partitions and verified archival (docs/partitions.md). Everything here is the worker's own
-- bookkeeping, in schema lumiku_worker: the app's tables are converted by the operator command
-- `lumiku-worker partitions convert TABLE`, never by a migration (it must run online on a live table).

-- One row per table being (or having been) converted to a partitioned table; each step of the
-- conversion is a state, so a crash at any step resumes from the recorded one.
CREATE TABLE lumiku_worker.partition_conversion (
    table_name   text         PRIMARY KEY CHECK (table_name IN ('credits', 'app_usages', 'model_usages')),
    state        text         NOT NULL CHECK (state IN ('planned', 'indexed', 'checked', 'built', 'converted',
                                  'rolling_back', 'rolled_back')),
    -- the old table becomes the partition "<table>_legacy" FOR VALUES FROM (MINVALUE) TO (legacy_upper)
    legacy_upper timestamp(3) NOT NULL,
    started_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE lumiku_worker.partition_conversion IS
    'Resumable conversion of an app table to monthly range partitions on "createdAt" (partitions convert).';

-- The archive catalogue: one row per archived month of a table (a detached partition, or the rows of
-- a month deleted in batches). state walks started -> [carried] -> detached|selected -> exported ->
-- verified -> dropped (credits: the carried-forward rows are written in the detaching transaction); a restore sets restored. A month has at most one archive that is not restored.
CREATE TABLE lumiku_worker.archive (
    id             bigserial    PRIMARY KEY,
    table_name     text         NOT NULL,
    label          text         NOT NULL CHECK (label ~ '^([0-9]{4}-[0-9]{2}|legacy)$'),
    kind           text         NOT NULL CHECK (kind IN ('partition', 'rows')),
    state          text         NOT NULL CHECK (state IN ('started', 'detached', 'selected', 'exported',
                                    'verified', 'dropped', 'restored')),
    partition_name text         NOT NULL,
    range_start    timestamp(3),
    range_end      timestamp(3) NOT NULL,
    row_filter     text,
    columns        text         NOT NULL,
    file_path      text,
    row_count      bigint,
    checksum       text,
    file_bytes     bigint,
    carried_users  integer,
    last_error     text,
    started_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    archived_at    timestamptz,
    restored_at    timestamptz
);

CREATE UNIQUE INDEX archive_one_per_month ON lumiku_worker.archive (table_name, label) WHERE state <> 'restored';

COMMENT ON TABLE lumiku_worker.archive IS
    'Archive catalogue: each archived month, its file, row count and SHA-256 (partition-maintenance).';

-- Credits are a ledger: the newest row of a user is their balance. Archiving a month of credits first
-- writes, per user with rows in that month and a non-zero balance at its end, an opening-balance row
-- dated at the first instant of the next month (type admin_grant, referenceType credit_archive);
-- this table records which row carried which balance, so a restore removes exactly those rows.
CREATE TABLE lumiku_worker.archive_carry_forward (
    archive_id bigint  NOT NULL REFERENCES lumiku_worker.archive (id),
    user_id    text    NOT NULL,
    credit_id  text    NOT NULL,
    balance    integer NOT NULL,
    PRIMARY KEY (archive_id, user_id)
);

-- The ids of the rows a rows-archive takes (generations): chosen once, in one snapshot, so the
-- export and the batched deletes act on exactly the same rows.
CREATE TABLE lumiku_worker.archive_row (
    archive_id bigint NOT NULL REFERENCES lumiku_worker.archive (id),
    row_id     text   NOT NULL,
    PRIMARY KEY (archive_id, row_id)
);
