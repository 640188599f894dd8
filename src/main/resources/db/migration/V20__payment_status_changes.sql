-- The audit trail of payment status changes the worker makes (payment-expiry): one row per
-- change, written in the same statement as the change. Append-only; the app's own tables are
-- not altered.
CREATE TABLE lumiku_worker.payment_status_change (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id       text        NOT NULL,
    user_id          text        NOT NULL,
    from_status      text        NOT NULL,
    to_status        text        NOT NULL,
    reason           text        NOT NULL,
    job_execution_id bigint,
    changed_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payment_status_change_payment_idx ON lumiku_worker.payment_status_change (payment_id);
