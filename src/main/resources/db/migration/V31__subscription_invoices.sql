-- Subscription renewal, second part (issue 10): exact amounts, invoices settled by callback or
-- inquiry, stored payment methods, and the closing of stale renewals. See docs/subscriptions.md.

-- Amounts are IDR, which has no minor unit, and are summed (revenue, reports): numeric is exact,
-- a double drifts. The gateway is asked for whole rupiah, so a stored amount is exactly what was
-- asked for (the app's plan price, a double, is rounded once when the renewal is opened).
ALTER TABLE lumiku_worker.subscription_renewal ALTER COLUMN amount TYPE numeric(14, 0) USING round(amount);
ALTER TABLE lumiku_worker.subscription_payment ALTER COLUMN amount TYPE numeric(14, 0) USING round(amount);

-- A user with a stored payment method is charged; every other renewal is invoiced (a payment
-- request the user pays, settled by the gateway's callback or by a status inquiry). The app (or
-- an operator) writes a row here when the user saves a method at the gateway.
CREATE TABLE lumiku_worker.subscription_payment_method (
    user_id     text        PRIMARY KEY,
    method      text        NOT NULL CHECK (method <> ''),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- How a renewal collects its money, decided when it is opened.
ALTER TABLE lumiku_worker.subscription_renewal
    ADD COLUMN collection text NOT NULL DEFAULT 'charge' CHECK (collection IN ('charge', 'invoice'));

-- invoiced: an invoice is open at the gateway, waiting for the user (checked by inquiry every
-- invoiceCheckEvery, or settled by the callback). closed: the subscription stopped renewing
-- (autoRenew off, cancelled, expired, or its end date moved past the period) before the renewal
-- was paid; terminal, with its reason.
ALTER TABLE lumiku_worker.subscription_renewal DROP CONSTRAINT subscription_renewal_state_check;
ALTER TABLE lumiku_worker.subscription_renewal ADD CONSTRAINT subscription_renewal_state_check
    CHECK (state IN ('opened', 'charging', 'unknown', 'invoiced', 'declined', 'succeeded', 'failed', 'closed'));
ALTER TABLE lumiku_worker.subscription_renewal DROP CONSTRAINT subscription_renewal_charging_has_payment;
ALTER TABLE lumiku_worker.subscription_renewal ADD CONSTRAINT subscription_renewal_charging_has_payment
    CHECK (state NOT IN ('charging', 'unknown', 'invoiced', 'succeeded') OR payment_id IS NOT NULL);
ALTER TABLE lumiku_worker.subscription_renewal
    ADD COLUMN closed_reason text,
    ADD CONSTRAINT subscription_renewal_closed_has_reason CHECK ((state = 'closed') = (closed_reason IS NOT NULL)
        OR (state = 'succeeded' AND closed_reason IS NOT NULL));

DROP INDEX lumiku_worker.subscription_renewal_due_idx;
CREATE INDEX subscription_renewal_due_idx ON lumiku_worker.subscription_renewal (next_attempt_at, id)
    WHERE state IN ('opened', 'declined', 'unknown', 'charging', 'invoiced');

ALTER TABLE lumiku_worker.subscription_payment DROP CONSTRAINT subscription_payment_status_check;
ALTER TABLE lumiku_worker.subscription_payment ADD CONSTRAINT subscription_payment_status_check
    CHECK (status IN ('charging', 'unknown', 'invoiced', 'success', 'declined', 'not_found'));
ALTER TABLE lumiku_worker.subscription_payment
    ADD COLUMN collection text NOT NULL DEFAULT 'charge' CHECK (collection IN ('charge', 'invoice')),
    ADD COLUMN payment_url text;

-- The audit of closed renewals: one row per renewal, ever (the primary key), written in the
-- same statement that closes it.
CREATE TABLE lumiku_worker.subscription_renewal_closure (
    renewal_id       bigint      PRIMARY KEY REFERENCES lumiku_worker.subscription_renewal (id),
    subscription_id  text        NOT NULL,
    from_state       text        NOT NULL,
    reason           text        NOT NULL,
    job_execution_id bigint,
    closed_at        timestamptz NOT NULL DEFAULT now()
);

-- Gateway callbacks received at POST /gateway/duitku/callback, signature verified. The unique key
-- is the callback's idempotency: a duplicate (same order, same result) inserts nothing and
-- changes nothing, whichever process receives it.
CREATE TABLE lumiku_worker.subscription_gateway_callback (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_order_id text          NOT NULL REFERENCES lumiku_worker.subscription_payment (merchant_order_id),
    result_code       text          NOT NULL,
    reference         text,
    amount            numeric(14, 0) NOT NULL,
    outcome           text          NOT NULL,
    received_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT subscription_gateway_callback_once UNIQUE (merchant_order_id, result_code)
);
