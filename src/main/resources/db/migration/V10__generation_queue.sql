-- Generation queue (lumiku-worker `generation-queue`): what the four generation tables lack to be
-- a lease-based job queue, and the refund guarantee.
--
-- Columns: every addition is NULLable or has a constant default, so the Lumiku app's Prisma
-- writers (which name their columns explicitly) keep working, and the ALTERs are metadata-only
-- (no table rewrite). They are prefixed worker_ so nobody mistakes them for app columns:
--   worker_attempts     how many times the worker has claimed the row (the attempt number)
--   worker_lease_owner  the worker process holding the row while it is 'processing'
--   worker_lease_until  the lease's end, by the database clock; past it, the row is rescued
--   worker_started_at   when the current attempt was claimed (database clock)
--   worker_run_after    a retry's backoff: the row is not claimed before this time
--   worker_last_error   the latest attempt's error (video_mixer_generations has no errorMessage)
-- Rows the app's own BullMQ workers move to 'processing' keep worker_lease_until NULL and are
-- never touched by the rescue.

-- New rows wake the workers (LISTEN lumiku_generation_queue); one notification per INSERT
-- statement, payload = the table name. Workers also poll, so a lost notification only delays.
CREATE OR REPLACE FUNCTION lumiku_worker.notify_generation_queue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lumiku_generation_queue', TG_TABLE_NAME);
    RETURN NULL;
END $$;

ALTER TABLE "video_mixer_generations"
    ADD COLUMN IF NOT EXISTS worker_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS worker_lease_owner text,
    ADD COLUMN IF NOT EXISTS worker_lease_until timestamptz,
    ADD COLUMN IF NOT EXISTS worker_started_at timestamptz,
    ADD COLUMN IF NOT EXISTS worker_run_after timestamptz,
    ADD COLUMN IF NOT EXISTS worker_last_error text;

-- claim order and the oldest-pending gauge; the per-user round robin; the lease rescue
CREATE INDEX IF NOT EXISTS gq_video_mixer_pending ON "video_mixer_generations" ("createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_video_mixer_pending_user ON "video_mixer_generations" ("userId", "createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_video_mixer_processing ON "video_mixer_generations" (worker_lease_until) WHERE status = 'processing';

CREATE TRIGGER gq_video_mixer_notify AFTER INSERT ON "video_mixer_generations"
    FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.notify_generation_queue();

ALTER TABLE "carousel_generations"
    ADD COLUMN IF NOT EXISTS worker_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS worker_lease_owner text,
    ADD COLUMN IF NOT EXISTS worker_lease_until timestamptz,
    ADD COLUMN IF NOT EXISTS worker_started_at timestamptz,
    ADD COLUMN IF NOT EXISTS worker_run_after timestamptz,
    ADD COLUMN IF NOT EXISTS worker_last_error text;

-- claim order and the oldest-pending gauge; the per-user round robin; the lease rescue
CREATE INDEX IF NOT EXISTS gq_carousel_pending ON "carousel_generations" ("createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_carousel_pending_user ON "carousel_generations" ("userId", "createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_carousel_processing ON "carousel_generations" (worker_lease_until) WHERE status = 'processing';

CREATE TRIGGER gq_carousel_notify AFTER INSERT ON "carousel_generations"
    FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.notify_generation_queue();

ALTER TABLE "looping_flow_generations"
    ADD COLUMN IF NOT EXISTS worker_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS worker_lease_owner text,
    ADD COLUMN IF NOT EXISTS worker_lease_until timestamptz,
    ADD COLUMN IF NOT EXISTS worker_started_at timestamptz,
    ADD COLUMN IF NOT EXISTS worker_run_after timestamptz,
    ADD COLUMN IF NOT EXISTS worker_last_error text;

-- claim order and the oldest-pending gauge; the per-user round robin; the lease rescue
CREATE INDEX IF NOT EXISTS gq_looping_flow_pending ON "looping_flow_generations" ("createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_looping_flow_pending_user ON "looping_flow_generations" ("userId", "createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_looping_flow_processing ON "looping_flow_generations" (worker_lease_until) WHERE status = 'processing';

CREATE TRIGGER gq_looping_flow_notify AFTER INSERT ON "looping_flow_generations"
    FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.notify_generation_queue();

ALTER TABLE "avatar_generations"
    ADD COLUMN IF NOT EXISTS worker_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS worker_lease_owner text,
    ADD COLUMN IF NOT EXISTS worker_lease_until timestamptz,
    ADD COLUMN IF NOT EXISTS worker_started_at timestamptz,
    ADD COLUMN IF NOT EXISTS worker_run_after timestamptz,
    ADD COLUMN IF NOT EXISTS worker_last_error text;

-- claim order and the oldest-pending gauge; the per-user round robin; the lease rescue
CREATE INDEX IF NOT EXISTS gq_avatar_pending ON "avatar_generations" ("createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_avatar_pending_user ON "avatar_generations" ("userId", "createdAt") WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS gq_avatar_processing ON "avatar_generations" (worker_lease_until) WHERE status = 'processing';

CREATE TRIGGER gq_avatar_notify AFTER INSERT ON "avatar_generations"
    FOR EACH STATEMENT EXECUTE FUNCTION lumiku_worker.notify_generation_queue();

-- A refund reads the user's newest balance (fact sheet 5.2); this is Prisma's own index for it
-- (credits_userId_createdAt_idx), created here if nothing created it yet.
CREATE INDEX IF NOT EXISTS "credits_userId_createdAt_idx" ON credits ("userId", "createdAt" DESC);

-- At most one refund per generation, ever: the refund's credits row is written in the same
-- transaction as this row, which the primary key admits once.
CREATE TABLE lumiku_worker.generation_refund (
    generation_table text        NOT NULL CHECK (generation_table IN ('video_mixer_generations',
                                     'carousel_generations', 'looping_flow_generations', 'avatar_generations')),
    generation_id    text        NOT NULL,
    user_id          text        NOT NULL,
    amount           integer     NOT NULL,
    credit_id        text        NOT NULL,
    refunded_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (generation_table, generation_id)
);

COMMENT ON TABLE lumiku_worker.generation_refund IS
    'One row per refunded generation; the primary key makes a second refund impossible.';

-- Refunds the app already made (looping flow refunds, up to once per attempt) count as made:
-- the oldest refund row per generation is recorded, so the worker never adds another.
INSERT INTO lumiku_worker.generation_refund (generation_table, generation_id, user_id, amount, credit_id, refunded_at)
SELECT DISTINCT ON (t.generation_table, coalesce(c."referenceId", c."paymentId"))
       t.generation_table, coalesce(c."referenceId", c."paymentId"), c."userId", c.amount, c.id,
       c."createdAt" AT TIME ZONE 'UTC'
FROM credits c
JOIN (VALUES ('video_mixer_generation', 'video_mixer_generations'),
             ('carousel_generation', 'carousel_generations'),
             ('looping_flow_generation', 'looping_flow_generations'),
             ('avatar_generation', 'avatar_generations')) AS t(reference_type, generation_table)
  ON t.reference_type = c."referenceType"
WHERE c.type = 'refund' AND coalesce(c."referenceId", c."paymentId") IS NOT NULL
ORDER BY t.generation_table, coalesce(c."referenceId", c."paymentId"), c."createdAt", c.id
ON CONFLICT DO NOTHING;
