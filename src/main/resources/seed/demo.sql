-- The test world of the app's optimization report (its prisma/seed-comprehensive.ts, see
-- docs/lumiku-app.md#demo-world), loaded by DemoSeeder in ONE transaction, with that seed's bugs
-- fixed:
--   * Every id is a fixed readable text id ('demo-user-1', 'demo-plan-basic-monthly', ...): the
--     columns have no default and the app's cuids cannot be repeated, so fixed ids are what makes
--     the script idempotent.
--   * subscriptions."planId" holds the plan's id, looked up by its business key, never the
--     business key itself (FK violation, docs/lumiku-app.md#subscriptions).
--   * The enterprise user's 5 GiB storageUsed does not fit int4 (the report's seed aborts there):
--     storageQuota is the int4 maximum (2 GiB - 1) and storageUsed 1.5 GiB.
--   * The credits ledger chains: each row's balance = the previous row's balance + amount, in
--     createdAt order, per user (docs/lumiku-app.md#credit-ledger). The purchase rows carry the
--     paying payments.id in "paymentId", and the second successful payment (ORDER-2025-10-002)
--     gets its missing purchase row, so user 2's balance is 1135, not the report's 670.
--   * Quota-based model usages use the models' quotaCost (1), not the report's 5 and 3.
--   * Every "updatedAt" is set; "createdAt" is set explicitly, relative to the load time, in UTC.
--   * Nothing is deleted. The report's seed wipes 20 tables first; this script never deletes or
--     updates anything, every INSERT is ON CONFLICT DO NOTHING (on every unique key, fixed id or
--     natural key), so a rerun adds nothing and a row someone else owns is left as it is.
--
-- Added beyond the report, so the worker's jobs have work in the demo (marked "worker demo"):
-- pending, processing, failed and stale generations in all four generation tables (with the
-- credits they were charged at enqueue, their app_usages rows and a looping-flow refund), expired
-- and live sessions, a pending payment three days old and a failed one, an active subscription
-- whose endDate has passed (user 3, autoRenew true: the app never expires it), and yesterday's
-- stale quota row for user 4.
--
-- All users' password is 'Test123!' (bcrypt, 10 rounds), as in the report.

-- ---- Subscription plans ----

INSERT INTO subscription_plans (id, "planId", tier, name, description, price, "billingCycle", "dailyQuota",
        "monthlyQuota", "maxModelTier", features, "isActive", "displayOrder", "createdAt", "updatedAt")
VALUES
    ('demo-plan-free-forever', 'free-forever', 'free', 'Free Forever', 'Free models, basic support',
        0, 'monthly', 10, 300, 'free',
        '{"freeModelsOnly":true,"basicSupport":true}', true, 0,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-plan-basic-monthly', 'basic-monthly', 'basic', 'Basic Monthly', 'Basic models, email support',
        99000, 'monthly', 50, 1500, 'basic',
        '{"basicModels":true,"emailSupport":true,"noWatermark":true}', true, 1,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-plan-pro-monthly', 'pro-monthly', 'pro', 'Pro Monthly', 'Pro models, priority support, API',
        299000, 'monthly', 100, 3000, 'pro',
        '{"proModels":true,"prioritySupport":true,"apiAccess":true,"customBranding":true}', true, 2,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-plan-enterprise-monthly', 'enterprise-monthly', 'enterprise', 'Enterprise Monthly',
        'All models, dedicated support, SLA', 999000, 'monthly', 500, 15000, 'enterprise',
        '{"allModels":true,"dedicatedSupport":true,"apiAccess":true,"customBranding":true,"sla":true,"onPremise":true}',
        true, 3, timezone('UTC', now()), timezone('UTC', now()))
ON CONFLICT DO NOTHING;

-- ---- AI models ----

INSERT INTO ai_models (id, "appId", "modelId", "modelKey", name, provider, tier, enabled, beta, "creditCost",
        "creditPerSecond", "creditPerPixel", "quotaCost", capabilities, "totalUsage", "createdAt", "updatedAt")
VALUES
    ('demo-model-video-generator-wan2.2', 'video-generator', 'wan2.2', 'video-generator:wan2.2',
        'Wan 2.2 T2V (Free)', 'modelslab', 'free', true, false, 5, 1.0, NULL, 1,
        '{"maxDuration":6,"resolutions":["720p"],"aspectRatios":["16:9","9:16"]}', 0,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-model-video-generator-veo2', 'video-generator', 'veo2', 'video-generator:veo2',
        'Google Veo 2', 'edenai', 'basic', true, false, 10, 2.0, NULL, 1,
        '{"maxDuration":10,"resolutions":["720p","1080p"],"aspectRatios":["16:9","9:16","1:1"]}', 0,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-model-video-generator-kling-2.5', 'video-generator', 'kling-2.5', 'video-generator:kling-2.5',
        'Kling 2.5 Pro', 'edenai', 'pro', true, false, 20, 3.0, NULL, 2,
        '{"maxDuration":10,"resolutions":["720p","1080p","4k"],"aspectRatios":["16:9","9:16","1:1","4:5"]}', 0,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-model-avatar-creator-flux-dev-standard', 'avatar-creator', 'flux-dev-standard',
        'avatar-creator:flux-dev-standard', 'FLUX.1-dev Standard', 'huggingface', 'free', true, false, 10,
        NULL, NULL, 1, '{"model":"black-forest-labs/FLUX.1-dev","width":512,"height":512,"photoRealistic":true}', 0,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-model-video-mixer-ffmpeg-standard', 'video-mixer', 'ffmpeg-standard', 'video-mixer:ffmpeg-standard',
        'FFmpeg Standard', 'local', 'free', true, false, 2, NULL, NULL, 1,
        '{"maxVideos":100,"formats":["mp4","webm"]}', 0, timezone('UTC', now()), timezone('UTC', now())),
    ('demo-model-carousel-mix-canvas-standard', 'carousel-mix', 'canvas-standard', 'carousel-mix:canvas-standard',
        'Canvas Standard', 'local', 'free', true, false, 1, NULL, NULL, 1,
        '{"maxSlides":8,"formats":["png","jpg"]}', 0, timezone('UTC', now()), timezone('UTC', now())),
    ('demo-model-looping-flow-ffmpeg-loop', 'looping-flow', 'ffmpeg-loop', 'looping-flow:ffmpeg-loop',
        'FFmpeg Loop', 'local', 'free', true, false, 2, NULL, NULL, 1,
        '{"maxDuration":300,"crossfade":true}', 0, timezone('UTC', now()), timezone('UTC', now()))
ON CONFLICT DO NOTHING;

-- ---- Apps ----

INSERT INTO apps (id, "appId", name, description, icon, enabled, beta, "comingSoon", "creditCostBase",
        "requiresSubscription", version, "totalUsage", "activeUsers", "dashboardOrder", "dashboardColor",
        "createdAt", "updatedAt")
VALUES
    ('demo-app-video-mixer', 'video-mixer', 'Video Mixer', 'Mix video clips into many unique variations',
        'Film', true, false, false, 2, false, '1.0.0', 0, 0, 1, 'blue', timezone('UTC', now()), timezone('UTC', now())),
    ('demo-app-carousel-mix', 'carousel-mix', 'Carousel Mix', 'Generate carousel post sets from slides and texts',
        'LayoutGrid', true, false, false, 1, false, '1.0.0', 0, 0, 2, 'purple', timezone('UTC', now()), timezone('UTC', now())),
    ('demo-app-looping-flow', 'looping-flow', 'Looping Flow', 'Turn a clip into a seamless long loop',
        'Repeat', true, false, false, 2, false, '1.0.0', 0, 0, 3, 'green', timezone('UTC', now()), timezone('UTC', now())),
    ('demo-app-avatar-creator', 'avatar-creator', 'Avatar Creator', 'Create AI avatars with personas',
        'User', true, false, false, 10, false, '1.0.0', 0, 0, 4, 'orange', timezone('UTC', now()), timezone('UTC', now()))
ON CONFLICT DO NOTHING;

-- ---- The 6 test users ----

INSERT INTO users (id, email, password, name, role, "storageQuota", "storageUsed", "accountType",
        "subscriptionTier", "userTags", "createdAt", "updatedAt")
VALUES
    ('demo-user-1', 'payg-free@lumiku.test', '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui',
        'PAYG Free User', 'user', 1073741824, 0, 'payg', 'free', NULL,
        timezone('UTC', now()) - interval '7 days', timezone('UTC', now()) - interval '7 days'),
    ('demo-user-2', 'payg-active@lumiku.test', '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui',
        'PAYG Active User', 'user', 1073741824, 524288000, 'payg', 'free', NULL,
        timezone('UTC', now()) - interval '2 months', timezone('UTC', now()) - interval '2 months'),
    ('demo-user-3', 'sub-basic@lumiku.test', '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui',
        'Basic Subscriber', 'user', 1073741824, 314572800, 'subscription', 'basic', NULL,
        timezone('UTC', now()) - interval '1 month 1 day', timezone('UTC', now()) - interval '1 month 1 day'),
    ('demo-user-4', 'sub-pro@lumiku.test', '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui',
        'Pro Subscriber', 'user', 1073741824, 838860800, 'subscription', 'pro', NULL,
        timezone('UTC', now()) - interval '3 months 1 day', timezone('UTC', now()) - interval '3 months 1 day'),
    -- The report's 5 GiB storageUsed overflows int4: the quota is the largest int4 (2 GiB - 1).
    ('demo-user-5', 'sub-enterprise@lumiku.test', '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui',
        'Enterprise User', 'user', 2147483647, 1610612736, 'subscription', 'enterprise',
        '["enterprise_unlimited","priority_support"]',
        timezone('UTC', now()) - interval '6 months 1 day', timezone('UTC', now()) - interval '6 months 1 day'),
    ('demo-user-6', 'admin@lumiku.test', '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui',
        'Admin User', 'admin', 1073741824, 0, 'subscription', 'enterprise', '["admin","full_access"]',
        timezone('UTC', now()) - interval '12 months 1 day', timezone('UTC', now()) - interval '12 months 1 day')
ON CONFLICT DO NOTHING;

-- ---- Subscriptions: the plan's id, looked up by the business key ----

INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle", "autoRenew",
        "nextBillingDate", "createdAt", "updatedAt")
SELECT s.id, s."userId", p.id, 'active', s."startDate", s."endDate", 'monthly', true, s."nextBillingDate",
       s."startDate", s."startDate"
FROM (VALUES
    -- worker demo: active, but its endDate passed a day ago (autoRenew true: the app never expires it)
    ('demo-subscription-3', 'demo-user-3', 'basic-monthly',
        timezone('UTC', now()) - interval '1 month', timezone('UTC', now()) - interval '1 day',
        timezone('UTC', now()) + interval '1 month'),
    ('demo-subscription-4', 'demo-user-4', 'pro-monthly',
        timezone('UTC', now()) - interval '3 months', timezone('UTC', now()) + interval '15 days',
        timezone('UTC', now()) + interval '15 days'),
    ('demo-subscription-5', 'demo-user-5', 'enterprise-monthly',
        timezone('UTC', now()) - interval '6 months', timezone('UTC', now()) + interval '1 month',
        timezone('UTC', now()) + interval '1 month'),
    ('demo-subscription-6', 'demo-user-6', 'enterprise-monthly',
        timezone('UTC', now()) - interval '12 months', timezone('UTC', now()) + interval '12 months',
        timezone('UTC', now()) + interval '1 month')
) AS s (id, "userId", "businessPlanId", "startDate", "endDate", "nextBillingDate")
JOIN subscription_plans p ON p."planId" = s."businessPlanId"
ON CONFLICT DO NOTHING;

-- ---- Quota rows: today's daily row (UTC date) for each subscriber, resetAt next midnight ----

INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "modelBreakdown",
        "resetAt", "createdAt", "updatedAt")
SELECT q.id, q."userId", 'daily', to_char(timezone('UTC', now()), 'YYYY-MM-DD'), q.used, q.lim,
       format('{"wan2.2":%s,"ffmpeg-standard":%s}', q.lim / 5, q.lim / 10),
       date_trunc('day', timezone('UTC', now())) + interval '1 day',
       date_trunc('day', timezone('UTC', now())), date_trunc('day', timezone('UTC', now()))
FROM (VALUES
    ('demo-quota-3', 'demo-user-3', 15, 50),
    ('demo-quota-4', 'demo-user-4', 30, 100),
    ('demo-quota-5', 'demo-user-5', 150, 500),
    ('demo-quota-6', 'demo-user-6', 150, 500)
) AS q (id, "userId", used, lim)
ON CONFLICT DO NOTHING;

-- worker demo: yesterday's row that the daily reset has not handled yet (resetAt has passed)
INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "modelBreakdown",
        "resetAt", "createdAt", "updatedAt")
VALUES ('demo-quota-4-yesterday', 'demo-user-4', 'daily',
        to_char(timezone('UTC', now()) - interval '1 day', 'YYYY-MM-DD'), 42, 100,
        '{"wan2.2":30,"ffmpeg-standard":12}', date_trunc('day', timezone('UTC', now())),
        date_trunc('day', timezone('UTC', now())) - interval '1 day',
        date_trunc('day', timezone('UTC', now())) - interval '1 day' + interval '20 hours')
ON CONFLICT DO NOTHING;

-- ---- Payments (Duitku test data; "reference" is unique) ----

INSERT INTO payments (id, "userId", "merchantOrderId", reference, amount, "creditAmount", status, "paymentMethod",
        "paymentUrl", "duitkuData", "createdAt", "updatedAt")
VALUES
    ('demo-payment-1', 'demo-user-2', 'ORDER-2025-10-001', 'DUITKU-TEST-001', 100000, 1000, 'success', 'credit_card',
        'https://sandbox.duitku.com/payment/DUITKU-TEST-001', '{"packageId":"credits-1000","resultCode":"00"}',
        timezone('UTC', now()) - interval '1 month', timezone('UTC', now()) - interval '1 month' + interval '3 minutes'),
    ('demo-payment-2', 'demo-user-2', 'ORDER-2025-10-002', 'DUITKU-TEST-002', 50000, 500, 'success', 'bank_transfer',
        'https://sandbox.duitku.com/payment/DUITKU-TEST-002', '{"packageId":"credits-500","resultCode":"00"}',
        timezone('UTC', now()) - interval '20 days', timezone('UTC', now()) - interval '20 days' + interval '10 minutes'),
    ('demo-payment-3', 'demo-user-2', 'ORDER-2025-10-003', 'DUITKU-TEST-003', 200000, 2000, 'pending', 'qris',
        'https://sandbox.duitku.com/payment/DUITKU-TEST-003', '{"packageId":"credits-2000"}',
        timezone('UTC', now()) - interval '1 day', timezone('UTC', now()) - interval '1 day'),
    -- worker demo: pending for three days, far past Duitku's 1440-minute expiry
    ('demo-payment-4', 'demo-user-2', 'ORDER-DEMO-004', 'DUITKU-TEST-004', 100000, 1000, 'pending', 'qris',
        'https://sandbox.duitku.com/payment/DUITKU-TEST-004', '{"packageId":"credits-1000"}',
        timezone('UTC', now()) - interval '3 days', timezone('UTC', now()) - interval '3 days'),
    -- worker demo: a failed callback (result code 02)
    ('demo-payment-5', 'demo-user-1', 'ORDER-DEMO-005', 'DUITKU-TEST-005', 50000, 500, 'failed', 'bank_transfer',
        'https://sandbox.duitku.com/payment/DUITKU-TEST-005', '{"packageId":"credits-500","resultCode":"02"}',
        timezone('UTC', now()) - interval '12 days', timezone('UTC', now()) - interval '12 days' + interval '30 minutes')
ON CONFLICT DO NOTHING;

-- ---- Credits ledger: balance = previous balance + amount, per user, in createdAt order ----

INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceId", "referenceType", "paymentId",
        "createdAt")
VALUES
    ('demo-credit-1-1', 'demo-user-1', 100, 100, 'bonus', 'Welcome bonus', NULL, NULL, NULL,
        timezone('UTC', now()) - interval '7 days'),
    ('demo-credit-6-1', 'demo-user-6', 10000, 10000, 'bonus', 'Admin credits', NULL, NULL, NULL,
        timezone('UTC', now()) - interval '12 months 1 day'),
    ('demo-credit-2-01', 'demo-user-2', 100, 100, 'bonus', 'Welcome bonus', NULL, NULL, NULL,
        timezone('UTC', now()) - interval '2 months'),
    ('demo-credit-2-02', 'demo-user-2', 1000, 1100, 'purchase', 'Purchased 1000 credits', NULL, NULL,
        'demo-payment-1', timezone('UTC', now()) - interval '1 month' + interval '3 minutes'),
    ('demo-credit-2-03', 'demo-user-2', 500, 1600, 'purchase', 'Purchased 500 credits', NULL, NULL,
        'demo-payment-2', timezone('UTC', now()) - interval '20 days' + interval '10 minutes'),
    ('demo-credit-2-04', 'demo-user-2', -250, 1350, 'usage', 'video-mixer: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '15 days'),
    ('demo-credit-2-05', 'demo-user-2', -180, 1170, 'usage', 'avatar-creator: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '5 days'),
    -- worker demo: the charges of the generations below, made at enqueue time
    ('demo-credit-2-06', 'demo-user-2', -3, 1167, 'usage', 'carousel-mix: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '48 hours'),
    ('demo-credit-2-07', 'demo-user-2', -4, 1163, 'usage', 'looping-flow: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '47 hours'),
    ('demo-credit-2-08', 'demo-user-2', 4, 1167, 'refund', 'Refund for failed looping generation',
        'demo-lf-gen-2', 'looping_flow_generation', 'demo-lf-gen-2',
        timezone('UTC', now()) - interval '47 hours' + interval '5 minutes'),
    ('demo-credit-2-09', 'demo-user-2', -10, 1157, 'usage', 'video-mixer: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '24 hours'),
    ('demo-credit-2-10', 'demo-user-2', -6, 1151, 'usage', 'video-mixer: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '3 hours'),
    ('demo-credit-2-11', 'demo-user-2', -8, 1143, 'usage', 'video-mixer: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '2 hours'),
    ('demo-credit-2-12', 'demo-user-2', -5, 1138, 'usage', 'carousel-mix: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '90 minutes'),
    ('demo-credit-2-13', 'demo-user-2', -3, 1135, 'usage', 'looping-flow: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '60 minutes'),
    ('demo-credit-2-14', 'demo-user-2', -2, 1133, 'usage', 'looping-flow: generate', NULL, 'app_usage', NULL,
        timezone('UTC', now()) - interval '30 minutes')
ON CONFLICT DO NOTHING;

-- The app writes an app_usages row in the same transaction as each usage charge
-- (docs/lumiku-app.md#credit-ledger).
INSERT INTO app_usages (id, "userId", "appId", action, "creditUsed", metadata, "createdAt")
SELECT 'demo-app-usage-' || substring(c.id FROM 13), c."userId", split_part(c.description, ':', 1), 'generate',
       -c.amount, format('{"creditId":"%s"}', c.id), c."createdAt"
FROM credits c
WHERE c.id LIKE 'demo-credit-2-%' AND c.type = 'usage'
ON CONFLICT DO NOTHING;

-- ---- Sessions and devices (worker demo: the app never writes sessions; 3 of 5 expired) ----

INSERT INTO sessions (id, "userId", token, "expiresAt", "createdAt")
VALUES
    ('demo-session-1', 'demo-user-1', 'demo-session-token-1',
        timezone('UTC', now()) - interval '10 days', timezone('UTC', now()) - interval '17 days'),
    ('demo-session-2', 'demo-user-2', 'demo-session-token-2',
        timezone('UTC', now()) - interval '1 day', timezone('UTC', now()) - interval '8 days'),
    ('demo-session-3', 'demo-user-2', 'demo-session-token-3',
        timezone('UTC', now()) + interval '6 days', timezone('UTC', now()) - interval '1 day'),
    ('demo-session-4', 'demo-user-4', 'demo-session-token-4',
        timezone('UTC', now()) - interval '30 days', timezone('UTC', now()) - interval '37 days'),
    ('demo-session-5', 'demo-user-6', 'demo-session-token-5',
        timezone('UTC', now()) + interval '5 days', timezone('UTC', now()) - interval '2 days')
ON CONFLICT DO NOTHING;

INSERT INTO devices (id, "userId", "deviceId", "deviceName", "deviceType", browser, os, "ipAddress", "userAgent",
        "lastActive", "createdAt")
VALUES
    ('demo-device-2-1', 'demo-user-2', 'fp-demo-2-desktop', 'Chrome on Windows', 'desktop', 'Chrome', 'Windows',
        '203.0.113.10', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/129.0',
        timezone('UTC', now()) - interval '1 hour', timezone('UTC', now()) - interval '2 months'),
    ('demo-device-2-2', 'demo-user-2', 'fp-demo-2-mobile', 'Safari on iPhone', 'mobile', 'Safari', 'iOS',
        '198.51.100.7', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/605.1',
        timezone('UTC', now()) - interval '3 days', timezone('UTC', now()) - interval '40 days')
ON CONFLICT DO NOTHING;

-- ---- Video Mixer ----

INSERT INTO video_mixer_projects (id, "userId", name, description, "createdAt", "updatedAt")
VALUES
    ('demo-vm-project-1', 'demo-user-2', 'Marketing Campaign Videos', 'Short ads for the autumn campaign',
        timezone('UTC', now()) - interval '20 days', timezone('UTC', now()) - interval '20 days'),
    ('demo-vm-project-2', 'demo-user-4', 'Tutorial Series', 'How-to clips',
        timezone('UTC', now()) - interval '30 days', timezone('UTC', now()) - interval '30 days')
ON CONFLICT DO NOTHING;

INSERT INTO video_mixer_videos (id, "projectId", "groupId", "fileName", "filePath", "fileSize", duration,
        "mimeType", "order", "createdAt", "updatedAt")
SELECT v.id, 'demo-vm-project-1', NULL, v.file, '/uploads/demo-user-2/video-mixer/' || v.file, v.size, v.duration,
       'video/mp4', v.ord, timezone('UTC', now()) - interval '20 days', timezone('UTC', now()) - interval '20 days'
FROM (VALUES
    ('demo-vm-video-1', 'intro.mp4', 15728640, 5.2, 0),
    ('demo-vm-video-2', 'product-demo.mp4', 31457280, 10.5, 1),
    ('demo-vm-video-3', 'testimonial.mp4', 26214400, 8.3, 2),
    ('demo-vm-video-4', 'cta.mp4', 10485760, 3.5, 3)
) AS v (id, file, size, duration, ord)
ON CONFLICT DO NOTHING;

INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings, "creditUsed", status,
        "outputPaths", "createdAt", "updatedAt", "completedAt")
SELECT g.id, 'demo-vm-project-1', 'demo-user-2', g.videos, '{"shuffle":true,"fixedStart":false,"groupShuffle":false,"speed":1}',
       g.videos * 2, g.status, g.outputs, timezone('UTC', now()) - g.age,
       timezone('UTC', now()) - g.age + g.touched,
       CASE WHEN g.status = 'completed' THEN timezone('UTC', now()) - g.age + g.touched END
FROM (VALUES
    ('demo-vm-gen-1', 10, 'completed', interval '15 days', interval '4 minutes',
        '["/outputs/demo-user-2/video-mixer/demo-vm-gen-1/mix-1.mp4","/outputs/demo-user-2/video-mixer/demo-vm-gen-1/mix-2.mp4"]'),
    ('demo-vm-gen-2', 5, 'completed', interval '10 days', interval '2 minutes',
        '["/outputs/demo-user-2/video-mixer/demo-vm-gen-2/mix-1.mp4"]'),
    -- worker demo: failed (the app writes only the status), stuck processing, and never enqueued
    ('demo-vm-gen-3', 5, 'failed', interval '24 hours', interval '2 minutes', NULL),
    ('demo-vm-gen-4', 3, 'processing', interval '3 hours', interval '1 minute', NULL),
    ('demo-vm-gen-5', 4, 'pending', interval '2 hours', interval '0 minutes', NULL)
) AS g (id, videos, status, age, touched, outputs)
ON CONFLICT DO NOTHING;

-- ---- Carousel Mix ----

INSERT INTO carousel_projects (id, "userId", name, description, "defaultNumSlides", "createdAt", "updatedAt")
VALUES ('demo-carousel-project-1', 'demo-user-2', 'Instagram Marketing Posts', 'Four-slide product carousels', 4,
        timezone('UTC', now()) - interval '25 days', timezone('UTC', now()) - interval '25 days')
ON CONFLICT DO NOTHING;

INSERT INTO carousel_slides (id, "projectId", "slidePosition", "fileName", "filePath", "fileType", "fileSize",
        width, height, thumbnail, "order", "createdAt")
SELECT 'demo-carousel-slide-' || p, 'demo-carousel-project-1', p, 'slide-' || p || '.jpg',
       '/uploads/demo-user-2/carousel-mix/slide-' || p || '.jpg', 'image', 245760 + p * 1024, 1080, 1080,
       '/uploads/demo-user-2/carousel-mix/thumb-slide-' || p || '.jpg', 0,
       timezone('UTC', now()) - interval '25 days'
FROM generate_series(1, 4) AS p
ON CONFLICT DO NOTHING;

INSERT INTO carousel_texts (id, "projectId", "slidePosition", content, "order", "createdAt")
SELECT t.id, 'demo-carousel-project-1', t.pos, t.content, t.ord, timezone('UTC', now()) - interval '25 days'
FROM (VALUES
    ('demo-carousel-text-1', 1, 'New collection is here', 0),
    ('demo-carousel-text-2', 1, 'Fresh looks for the season', 1),
    ('demo-carousel-text-3', 2, 'Made from recycled fabric', 0),
    ('demo-carousel-text-4', 3, 'Free shipping this week', 0),
    ('demo-carousel-text-5', 4, 'Shop now, link in bio', 0)
) AS t (id, pos, content, ord)
ON CONFLICT DO NOTHING;

INSERT INTO carousel_generations (id, "projectId", "userId", status, "numSlides", "numSetsGenerated", "creditUsed",
        "textVariationAlgo", "outputPath", "outputPaths", "errorMessage", "createdAt", "completedAt")
VALUES
    ('demo-carousel-gen-1', 'demo-carousel-project-1', 'demo-user-2', 'completed', 4, 10, 10, 'sequential',
        '/outputs/demo-user-2/carousel-mix/demo-carousel-gen-1.zip', NULL, NULL,
        timezone('UTC', now()) - interval '20 days', timezone('UTC', now()) - interval '20 days' + interval '1 minute'),
    -- worker demo: a failure (completedAt stays NULL, as the app leaves it) and a pending one
    ('demo-carousel-gen-2', 'demo-carousel-project-1', 'demo-user-2', 'failed', 4, 3, 3, 'random',
        NULL, NULL, 'Canvas render failed: image decode error', timezone('UTC', now()) - interval '48 hours', NULL),
    ('demo-carousel-gen-3', 'demo-carousel-project-1', 'demo-user-2', 'pending', 4, 5, 5, 'sequential',
        NULL, NULL, NULL, timezone('UTC', now()) - interval '90 minutes', NULL)
ON CONFLICT DO NOTHING;

-- ---- Looping Flow ----

INSERT INTO looping_flow_projects (id, "userId", name, description, "createdAt", "updatedAt")
VALUES
    ('demo-lf-project-1', 'demo-user-4', 'Background Video Loops', 'Ambient loops for streams',
        timezone('UTC', now()) - interval '18 days', timezone('UTC', now()) - interval '18 days'),
    ('demo-lf-project-2', 'demo-user-2', 'Product Loops', 'Looping product shots',
        timezone('UTC', now()) - interval '3 days', timezone('UTC', now()) - interval '3 days')
ON CONFLICT DO NOTHING;

INSERT INTO looping_flow_videos (id, "projectId", "fileName", "filePath", "fileSize", duration, "mimeType",
        "createdAt")
VALUES
    ('demo-lf-video-1', 'demo-lf-project-1', 'particles.mp4', '/uploads/demo-user-4/looping-flow/particles.mp4',
        20971520, 8.5, 'video/mp4', timezone('UTC', now()) - interval '18 days'),
    ('demo-lf-video-2', 'demo-lf-project-2', 'bottle-spin.mp4', '/uploads/demo-user-2/looping-flow/bottle-spin.mp4',
        12582912, 6.0, 'video/mp4', timezone('UTC', now()) - interval '3 days'),
    -- worker demo: an upload that is deliberately not a video (the demo writes text into it)
    ('demo-lf-video-3', 'demo-lf-project-2', 'broken.mp4', '/uploads/demo-user-2/looping-flow/broken.mp4',
        40, 6.0, 'video/mp4', timezone('UTC', now()) - interval '31 minutes')
ON CONFLICT DO NOTHING;

INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration", "creditUsed", status,
        "outputPath", "errorMessage", "createdAt", "completedAt", "loopStyle", "crossfadeDuration")
VALUES
    ('demo-lf-gen-1', 'demo-lf-project-1', 'demo-user-4', 'demo-lf-video-1', 30, 6, 'completed',
        '/outputs/demo-user-4/looping-flow/demo-lf-gen-1.mp4', NULL, timezone('UTC', now()) - interval '17 days',
        timezone('UTC', now()) - interval '17 days' + interval '2 minutes', 'crossfade', 1.5),
    -- worker demo: a failure that was refunded; a pending one the queue renders (its source
    -- clip is made by the demo with ffmpeg); and a pending one whose clip is not a video, which
    -- fails every attempt and is refunded once
    ('demo-lf-gen-2', 'demo-lf-project-2', 'demo-user-2', 'demo-lf-video-2', 20, 4, 'failed',
        NULL, 'FFmpeg exited with code 1', timezone('UTC', now()) - interval '47 hours',
        timezone('UTC', now()) - interval '47 hours' + interval '5 minutes', 'crossfade', 1.0),
    ('demo-lf-gen-3', 'demo-lf-project-2', 'demo-user-2', 'demo-lf-video-2', 15, 3, 'pending',
        NULL, NULL, timezone('UTC', now()) - interval '60 minutes', NULL, 'boomerang', 1.0),
    ('demo-lf-gen-4', 'demo-lf-project-2', 'demo-user-2', 'demo-lf-video-3', 10, 2, 'pending',
        NULL, NULL, timezone('UTC', now()) - interval '30 minutes', NULL, 'simple', 1.0)
ON CONFLICT DO NOTHING;

-- ---- Avatar Creator ----

INSERT INTO avatar_projects (id, "userId", name, description, "createdAt", "updatedAt")
VALUES ('demo-avatar-project-1', 'demo-user-5', 'Company Team Avatars', 'Avatars for the team page',
        timezone('UTC', now()) - interval '40 days', timezone('UTC', now()) - interval '40 days')
ON CONFLICT DO NOTHING;

INSERT INTO avatars (id, "userId", "projectId", name, "baseImageUrl", "thumbnailUrl", "personaName", "personaAge",
        "personaPersonality", "personaBackground", gender, "ageRange", style, "sourceType", "generationPrompt",
        "usageCount", "lastUsedAt", "createdAt", "updatedAt")
VALUES
    ('demo-avatar-1', 'demo-user-5', 'demo-avatar-project-1', 'CEO Avatar', '/uploads/demo-user-5/avatars/ceo.png',
        '/uploads/demo-user-5/avatars/ceo-thumb.png', 'Budi Santoso', 45, '["confident","visionary"]',
        'Founder who leads with clarity', 'male', '40-50', 'professional', 'text_to_image',
        'professional portrait of a confident Indonesian CEO in a navy suit, studio lighting', 25,
        timezone('UTC', now()) - interval '2 days', timezone('UTC', now()) - interval '40 days',
        timezone('UTC', now()) - interval '2 days'),
    ('demo-avatar-2', 'demo-user-5', 'demo-avatar-project-1', 'Marketing Manager',
        '/uploads/demo-user-5/avatars/marketing.png', '/uploads/demo-user-5/avatars/marketing-thumb.png',
        'Sari Wijaya', 35, '["friendly","creative"]', 'Leads brand campaigns', 'female', '30-40', 'professional',
        'text_to_image', 'professional portrait of a friendly marketing manager, office background', 18,
        timezone('UTC', now()) - interval '5 days', timezone('UTC', now()) - interval '39 days',
        timezone('UTC', now()) - interval '5 days')
ON CONFLICT DO NOTHING;

-- The app does not charge avatar generations (docs/lumiku-app.md#generations), so these have no
-- credit rows.
INSERT INTO avatar_generations (id, "userId", "avatarId", "projectId", status, prompt, options, "errorMessage",
        "createdAt", "completedAt")
VALUES
    ('demo-avatar-gen-1', 'demo-user-5', 'demo-avatar-1', 'demo-avatar-project-1', 'completed',
        'professional portrait of a confident Indonesian CEO in a navy suit, studio lighting', '{"width":512,"height":512}',
        NULL, timezone('UTC', now()) - interval '40 days', timezone('UTC', now()) - interval '40 days' + interval '1 minute'),
    ('demo-avatar-gen-2', 'demo-user-5', 'demo-avatar-2', 'demo-avatar-project-1', 'completed',
        'professional portrait of a friendly marketing manager, office background', '{"width":512,"height":512}',
        NULL, timezone('UTC', now()) - interval '39 days', timezone('UTC', now()) - interval '39 days' + interval '1 minute'),
    -- worker demo: never picked up (the app runs no avatar worker, docs/lumiku-app.md#generations),
    -- and stuck processing
    ('demo-avatar-gen-3', 'demo-user-5', NULL, 'demo-avatar-project-1', 'pending',
        'professional portrait of a finance director, neutral background', '{"width":512,"height":512}',
        NULL, timezone('UTC', now()) - interval '6 hours', NULL),
    ('demo-avatar-gen-4', 'demo-user-5', NULL, 'demo-avatar-project-1', 'processing',
        'professional portrait of a customer support lead, headset', '{"width":512,"height":512}',
        NULL, timezone('UTC', now()) - interval '45 minutes', NULL)
ON CONFLICT DO NOTHING;

-- ---- Model usages: credit-based for PAYG, quota-based (at the models' quotaCost) for Pro ----

INSERT INTO model_usages (id, "userId", "appId", "modelKey", "usageType", "creditUsed", "quotaUsed", action, metadata,
        "createdAt")
VALUES
    ('demo-model-usage-1', 'demo-user-2', 'video-mixer', 'video-mixer:ffmpeg-standard', 'credit', 20, NULL,
        'generate_mix', '{"totalVideos":10}', timezone('UTC', now()) - interval '15 days'),
    ('demo-model-usage-2', 'demo-user-2', 'avatar-creator', 'avatar-creator:flux-dev-standard', 'credit', 10, NULL,
        'generate_avatar', '{"resolution":"512x512"}', timezone('UTC', now()) - interval '5 days'),
    ('demo-model-usage-3', 'demo-user-4', 'video-mixer', 'video-mixer:ffmpeg-standard', 'quota', NULL, 1,
        'generate_mix', '{"totalVideos":5}', timezone('UTC', now()) - interval '10 days'),
    ('demo-model-usage-4', 'demo-user-4', 'looping-flow', 'looping-flow:ffmpeg-loop', 'quota', NULL, 1,
        'generate_loop', '{"targetDuration":30}', timezone('UTC', now()) - interval '8 days')
ON CONFLICT DO NOTHING;

-- ---- Avatar presets ----

INSERT INTO avatar_presets (id, name, "previewImageUrl", category, "personaTemplate", "visualAttributes",
        "generationPrompt", "isPublic", "usageCount", "createdAt", "updatedAt")
VALUES
    ('demo-avatar-preset-1', 'Business Professional', '/presets/business-professional.png', 'business',
        '{"personality":["professional","confident"],"background":"Corporate professional"}',
        '{"style":"professional","attire":"business suit"}',
        'professional business portrait, suit, neutral studio background', true, 150,
        timezone('UTC', now()), timezone('UTC', now())),
    ('demo-avatar-preset-2', 'Creative Designer', '/presets/creative-designer.png', 'creative',
        '{"personality":["creative","playful"],"background":"Designer at a creative agency"}',
        '{"style":"casual","attire":"smart casual"}',
        'creative designer portrait, colourful studio background', true, 89,
        timezone('UTC', now()), timezone('UTC', now()))
ON CONFLICT DO NOTHING;
