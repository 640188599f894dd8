-- Demo rows of subscription billing (issue 10; docs/subscriptions.md#demo): one subscription
-- for each transition, so that `jobs run subscription-renewal` and `jobs run subscription-expiry`
-- on a fresh `serve --demo` show each of them. Times are relative to now; ids are fixed, and
-- every insert is ON CONFLICT DO NOTHING (or guarded), so a second seed changes nothing.
--
--   demo-sub-renews      active, renewing, ends in 30 min, stored card  -> charged, RENEWED
--   demo-sub-declined    active, renewing, ended an hour ago, stored card; the demo simulator
--                        declines its orders -> renewal declined (retry at end + 1 d), then the
--                        expiry job: GRACE_STARTED (access kept)
--   demo-sub-exhausted   in grace since 4 days, its renewal failed after 4 declines
--                        -> expiry job: GRACE_EXHAUSTED, user downgraded once
--   demo-sub-lapsing     active, autoRenew off, ended 2 hours ago -> expiry job: LAPSED, downgraded
--   demo-sub-invoiced    active, renewing, ends in 30 min, no stored method -> invoiced; the demo
--                        simulator's user pays 15 s later and the signed callback renews it
--                        (LUMIKU_GATEWAY_CALLBACK_URL set), or the next run's inquiry does
-- demo-subscription-3 of demo.sql gets a stored card too, so it is charged as before.

INSERT INTO users (id, email, password, name, role, "storageQuota", "storageUsed", "accountType",
        "subscriptionTier", "createdAt", "updatedAt")
SELECT u.id, u.email, '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui', u.name, 'user',
       1073741824, 0, 'subscription', 'basic',
       timezone('UTC', now()) - interval '2 months', timezone('UTC', now()) - interval '2 months'
FROM (VALUES
    ('demo-billing-renews', 'renews@billing.demo', 'Billing: renews'),
    ('demo-billing-declined', 'declined@billing.demo', 'Billing: declined, into grace'),
    ('demo-billing-exhausted', 'exhausted@billing.demo', 'Billing: grace exhausted'),
    ('demo-billing-lapsing', 'lapsing@billing.demo', 'Billing: not renewing'),
    ('demo-billing-invoiced', 'invoiced@billing.demo', 'Billing: invoiced')
) AS u (id, email, name)
ON CONFLICT DO NOTHING;

INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle", "autoRenew",
        "nextBillingDate", "createdAt", "updatedAt")
SELECT s.id, s."userId", p.id, s.status, s."endDate" - interval '1 month', s."endDate", 'monthly', s."autoRenew",
       s."endDate", s."endDate" - interval '1 month', s."endDate" - interval '1 month'
FROM (VALUES
    ('demo-sub-renews', 'demo-billing-renews', 'active', date_trunc('second', timezone('UTC', now())) + interval '30 minutes', true),
    ('demo-sub-declined', 'demo-billing-declined', 'active', date_trunc('second', timezone('UTC', now())) - interval '1 hour', true),
    ('demo-sub-exhausted', 'demo-billing-exhausted', 'grace_period', date_trunc('second', timezone('UTC', now())) - interval '4 days', true),
    ('demo-sub-lapsing', 'demo-billing-lapsing', 'active', date_trunc('second', timezone('UTC', now())) - interval '2 hours', false),
    ('demo-sub-invoiced', 'demo-billing-invoiced', 'active', date_trunc('second', timezone('UTC', now())) + interval '30 minutes', true)
) AS s (id, "userId", status, "endDate", "autoRenew")
JOIN subscription_plans p ON p."planId" = 'basic-monthly'
ON CONFLICT DO NOTHING;

INSERT INTO lumiku_worker.subscription_payment_method (user_id, method)
VALUES ('demo-billing-renews', 'demo card'), ('demo-billing-declined', 'demo card (declined by the simulator)'),
       ('demo-billing-exhausted', 'demo card'), ('demo-user-3', 'demo card')
ON CONFLICT DO NOTHING;

-- demo-sub-exhausted's renewal of the period that ended 4 days ago: declined at the end date and at
-- each retry (+1 d, +2 d, +3 d), so it failed and holds nothing.
WITH renewal AS (
    INSERT INTO lumiku_worker.subscription_renewal (subscription_id, user_id, period_start, plan_id, billing_cycle,
        amount, state, attempts, next_attempt_at, payment_id, last_error, collection)
    SELECT s.id, s."userId", s."endDate", s."planId", 'monthly', 99000, 'failed', 4, s."endDate" + interval '3 days',
           NULL, 'declined 4 times: statusCode 02 (demo)', 'charge'
    FROM subscriptions s
    WHERE s.id = 'demo-sub-exhausted'
      AND NOT EXISTS (SELECT 1 FROM lumiku_worker.subscription_renewal r WHERE r.subscription_id = s.id)
    RETURNING id, subscription_id, user_id, period_start)
INSERT INTO lumiku_worker.subscription_payment (id, renewal_id, attempt, subscription_id, user_id,
        merchant_order_id, amount, status, gateway_status, created_at, settled_at, collection)
    SELECT 'sp-' || r.id || '-' || a, r.id, a, r.subscription_id, r.user_id,
           'renew-' || r.subscription_id || '-' || to_char(r.period_start, 'YYYYMMDD"T"HH24MISS') || '-' || a,
           99000, 'declined', 'statusCode 02',
           r.period_start + (a - 1) * interval '1 day', r.period_start + (a - 1) * interval '1 day', 'charge'
    FROM renewal r, generate_series(1, 4) a;

UPDATE lumiku_worker.subscription_renewal SET payment_id = 'sp-' || id || '-4'
WHERE subscription_id = 'demo-sub-exhausted' AND payment_id IS NULL;
