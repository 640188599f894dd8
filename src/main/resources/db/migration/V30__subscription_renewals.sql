-- Subscription renewal and expiry (subscription-renewal, subscription-expiry): the worker's own
-- tables, in schema lumiku_worker; the app's tables are not altered. See docs/subscriptions.md.
--
-- subscription_renewal: one row per (subscription, billing period), the unit of idempotency.
-- period_start is the subscription's "endDate" when the renewal was opened: the period it pays
-- for starts there. A second run, a second process or a retry after a crash hits the unique key
-- and opens nothing.
CREATE TABLE lumiku_worker.subscription_renewal (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id  text         NOT NULL,
    user_id          text         NOT NULL,
    period_start     timestamp(3) NOT NULL,
    plan_id          text         NOT NULL,
    billing_cycle    text         NOT NULL CHECK (billing_cycle IN ('monthly', 'yearly')),
    amount           double precision NOT NULL CHECK (amount >= 0),
    state            text         NOT NULL DEFAULT 'opened'
        CHECK (state IN ('opened', 'charging', 'unknown', 'declined', 'succeeded', 'failed')),
    attempts         integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- opened/declined: when to charge; charging: when the charge's run counts as dead (then the
    -- row is reconciled by inquiry, never charged again blind); unknown: when to inquire
    next_attempt_at  timestamp(3) NOT NULL,
    -- the payment of the current (or last) attempt
    payment_id       text,
    last_error       text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT subscription_renewal_period_key UNIQUE (subscription_id, period_start),
    CONSTRAINT subscription_renewal_charging_has_payment
        CHECK (state NOT IN ('charging', 'unknown', 'succeeded') OR payment_id IS NOT NULL)
);

CREATE INDEX subscription_renewal_due_idx ON lumiku_worker.subscription_renewal (next_attempt_at, id)
    WHERE state IN ('opened', 'declined', 'unknown', 'charging');

-- subscription_payment: one row per charge attempt, where renewal payments live (not in the
-- app's payments table, whose CHECK requires creditAmount > 0 and whose reference is UNIQUE
-- with '' left on gateway failure). subscriptions."lastPaymentId" points at id here.
CREATE TABLE lumiku_worker.subscription_payment (
    id                text         PRIMARY KEY,
    renewal_id        bigint       NOT NULL REFERENCES lumiku_worker.subscription_renewal (id),
    attempt           integer      NOT NULL CHECK (attempt >= 1),
    subscription_id   text         NOT NULL,
    user_id           text         NOT NULL,
    merchant_order_id text         NOT NULL UNIQUE,
    amount            double precision NOT NULL CHECK (amount >= 0),
    status            text         NOT NULL DEFAULT 'charging'
        CHECK (status IN ('charging', 'unknown', 'success', 'declined', 'not_found')),
    -- the gateway's reference: NULL until it answers, never ''
    reference         text         UNIQUE CHECK (reference <> ''),
    gateway_status    text,
    created_at        timestamp(3) NOT NULL DEFAULT timezone('UTC', now()),
    settled_at        timestamp(3),
    CONSTRAINT subscription_payment_attempt_key UNIQUE (renewal_id, attempt)
);

-- The money invariant, enforced: at most one successful payment per renewal (subscription and
-- period).
CREATE UNIQUE INDEX subscription_payment_one_success ON lumiku_worker.subscription_payment (renewal_id)
    WHERE status = 'success';

ALTER TABLE lumiku_worker.subscription_renewal
    ADD CONSTRAINT subscription_renewal_payment_fk
    FOREIGN KEY (payment_id) REFERENCES lumiku_worker.subscription_payment (id)
    DEFERRABLE INITIALLY DEFERRED;

-- subscription_status_change: the audit trail of every status change either job makes, written in
-- the same transaction as the change. Append-only.
CREATE TABLE lumiku_worker.subscription_status_change (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id  text        NOT NULL,
    user_id          text        NOT NULL,
    from_status      text        NOT NULL,
    to_status        text        NOT NULL,
    reason           text        NOT NULL,
    payment_id       text        REFERENCES lumiku_worker.subscription_payment (id),
    job_execution_id bigint,
    old_end_date     timestamp(3),
    new_end_date     timestamp(3),
    changed_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX subscription_status_change_subscription_idx
    ON lumiku_worker.subscription_status_change (subscription_id);

-- A successful payment is applied to its subscription once, ever: a duplicate or late success
-- cannot extend twice.
CREATE UNIQUE INDEX subscription_status_change_payment_once
    ON lumiku_worker.subscription_status_change (payment_id) WHERE payment_id IS NOT NULL;

-- The jobs find their subscriptions through Prisma's subscriptions_status_endDate_idx and
-- subscriptions_nextBillingDate_idx (V2).
