-- Synthetic users with realistic history, set-based, for load and job tests. ScaleSeeder splits
-- this file on the separator lines below and runs every statement, in order, in one transaction per
-- batch, with :first and :count naming the batch's user numbers (first .. first + count - 1).
--
-- Deterministic: every value derives from the user number n (and the batch's now(), so the
-- "stuck", "expired" and "older than 24 h" rows stay relative to the load time). No random().
-- Every id is readable text ('scale-user-42', 'scale-vm-gen-42-1', ...), unique per n.
--
-- Per user n, on average: 2 sessions (most expired), 2 devices, 1 payment (every status),
-- 3.5 generations across the four generation tables (every status, with their projects), 5 credit
-- rows whose balances chain, 3 app_usages rows; 30 % are subscribers (with today's quota row).
-- Subscribers need the plans of seed/demo.sql (joined by "planId"); without them every synthetic
-- user is PAYG. The credits and app_usages statements read back this batch's rows, so the ledger
-- is correct by construction.
--
-- Measured (2-core box, embedded PostgreSQL 18, schema V1-V7 without V2's @@index set):
-- `seed-demo --scale 100000` adds 2.61 million rows in 46.7 s (1 min 2 s including JVM and
-- database start-up); credits 460,012, app_usages 300,009, sessions 200,005, devices 200,002.

-- Users. Subscribers (n % 10 < 3) get the tier (n % 3) of an existing monthly plan; subscription
-- state (n / 10) % 6 = 4 is an expired one, whose user the app has reset to payg/free.
INSERT INTO users (id, email, password, name, role, "storageQuota", "storageUsed", "accountType",
        "subscriptionTier", "userTags", "createdAt", "updatedAt")
SELECT 'scale-user-' || n, 'scale-user-' || n || '@scale.lumiku.test',
       '$2b$10$nPY3qnf4d2tJHYHOrlDc4uUfQjj81lT1gDazl0U7q8CnLeBx/zOui', 'Scale User ' || n,
       CASE WHEN n % 5000 = 0 THEN 'admin' ELSE 'user' END,
       1073741824, (n * 7919 % 1000) * 1048576,
       CASE WHEN p.id IS NOT NULL AND (n / 10) % 6 <> 4 THEN 'subscription' ELSE 'payg' END,
       CASE WHEN p.id IS NOT NULL AND (n / 10) % 6 <> 4 THEN p.tier ELSE 'free' END,
       CASE WHEN n % 50 = 0 THEN '["beta_tester"]' END,
       u.created, u.created
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL (SELECT timezone('UTC', now()) - (200 + n % 400) * interval '1 day'
        - (n % 86400) * interval '1 second' AS created) AS u
LEFT JOIN subscription_plans p
       ON n % 10 < 3 AND p."planId" = (ARRAY['basic', 'pro', 'enterprise'])[n % 3 + 1] || '-monthly'
-- ;;
-- Sessions: two per user, seven days long; the first is always expired, the second for n % 20 > 6.
INSERT INTO sessions (id, "userId", token, "expiresAt", "createdAt")
SELECT 'scale-session-' || n || '-' || i, 'scale-user-' || n, md5('scale-session-' || n || '-' || i),
       c.created + interval '7 days', c.created
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN generate_series(1, 2) AS i
CROSS JOIN LATERAL (SELECT timezone('UTC', now()) - (n % 20 + (2 - i) * 9) * interval '1 day'
        - (n % 3600) * interval '1 second' AS created) AS c
-- ;;
-- Devices: one to three per user (the app keeps at most 3).
INSERT INTO devices (id, "userId", "deviceId", "deviceName", "deviceType", browser, os, "ipAddress", "userAgent",
        "lastActive", "createdAt")
SELECT 'scale-device-' || n || '-' || i, 'scale-user-' || n, 'fp-scale-' || n || '-' || i,
       (ARRAY['Chrome on Windows', 'Safari on iPhone', 'Chrome on Android tablet'])[i],
       (ARRAY['desktop', 'mobile', 'tablet'])[i], (ARRAY['Chrome', 'Safari', 'Chrome'])[i],
       (ARRAY['Windows', 'iOS', 'Android'])[i], '10.' || (n / 65536 % 256) || '.' || (n / 256 % 256) || '.' || (n % 256),
       'Mozilla/5.0 (synthetic ' || i || ')',
       timezone('UTC', now()) - (n % 30 + i) * interval '1 day',
       timezone('UTC', now()) - (100 + n % 90 + i) * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL generate_series(1, 1 + n % 3) AS i
-- ;;
-- Payments: zero to two per user, in every status; pending ones are up to 71 hours old (most of
-- them older than Duitku's 24-hour expiry), the others 40 to 109 days old.
INSERT INTO payments (id, "userId", "merchantOrderId", reference, amount, "creditAmount", status, "paymentMethod",
        "paymentUrl", "duitkuData", "createdAt", "updatedAt")
SELECT 'scale-payment-' || n || '-' || i, 'scale-user-' || n, 'SCALE-ORDER-' || n || '-' || i,
       'SCALE-REF-' || n || '-' || i, p.credits * 100, p.credits, p.status,
       (ARRAY['qris', 'bank_transfer', 'credit_card'])[(n + i) % 3 + 1],
       'https://sandbox.duitku.com/payment/SCALE-REF-' || n || '-' || i,
       format('{"packageId":"credits-%s"}', p.credits), p.created,
       p.created + CASE WHEN p.status = 'pending' THEN interval '0' ELSE interval '2 minutes' END
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL generate_series(1, n % 3) AS i
CROSS JOIN LATERAL (SELECT s.status, (ARRAY[500, 1000, 2000])[(n + i) % 3 + 1] AS credits,
        CASE WHEN s.status = 'pending' THEN timezone('UTC', now()) - (n % 72) * interval '1 hour'
             ELSE timezone('UTC', now()) - (i * 40 + n % 30) * interval '1 day' END AS created
        FROM (SELECT (ARRAY['success', 'success', 'success', 'pending', 'failed', 'expired'])[(n + i) % 6 + 1]
              AS status) AS s) AS p
-- ;;
-- Subscriptions of the subscribers, by state (n / 10) % 6: 0-2 active and current; 3 active but
-- past its endDate (autoRenew true, which the app never expires); 4 expired; 5 cancelled, still
-- active until its endDate.
INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle", "autoRenew",
        "nextBillingDate", "lastPaymentId", "cancelledAt", "cancelReason", "createdAt", "updatedAt")
SELECT 'scale-subscription-' || n, 'scale-user-' || n, p.id,
       CASE WHEN s.state = 4 THEN 'expired' ELSE 'active' END,
       s.start, s.start + interval '1 month', 'monthly', s.state NOT IN (4, 5),
       CASE WHEN s.state NOT IN (4, 5) THEN s.start + interval '1 month' END, NULL,
       CASE WHEN s.state = 5 THEN s.start + interval '3 days' END,
       CASE WHEN s.state = 5 THEN 'Too expensive' END,
       s.start, s.start + CASE WHEN s.state IN (4, 5) THEN interval '3 days' ELSE interval '0' END
FROM generate_series(:first, :first + :count - 1) AS n
JOIN subscription_plans p
  ON n % 10 < 3 AND p."planId" = (ARRAY['basic', 'pro', 'enterprise'])[n % 3 + 1] || '-monthly'
CROSS JOIN LATERAL (SELECT (n / 10) % 6 AS state,
        timezone('UTC', now()) - CASE WHEN (n / 10) % 6 IN (3, 4) THEN interval '1 month' + (1 + n % 9) * interval '1 day'
                                      ELSE (n % 25) * interval '1 day' END AS start) AS s
-- ;;
-- Quota: today's daily row (UTC date, resetAt next midnight) for every user still on a
-- subscription, at the plan's dailyQuota; every fifth also keeps yesterday's row, not yet reset.
INSERT INTO quota_usages (id, "userId", "quotaType", period, "usageCount", "quotaLimit", "modelBreakdown",
        "resetAt", "createdAt", "updatedAt")
SELECT 'scale-quota-' || n || '-' || d, u.id, 'daily',
       to_char(timezone('UTC', now()) - d * interval '1 day', 'YYYY-MM-DD'),
       (n * 31 + d) % (p."dailyQuota" + 1), p."dailyQuota",
       format('{"wan2.2":%s}', (n * 31 + d) % (p."dailyQuota" + 1)),
       date_trunc('day', timezone('UTC', now())) + (1 - d) * interval '1 day',
       date_trunc('day', timezone('UTC', now())) - d * interval '1 day',
       date_trunc('day', timezone('UTC', now())) - d * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
JOIN users u ON u.id = 'scale-user-' || n AND u."accountType" = 'subscription'
JOIN subscriptions s ON s."userId" = u.id
JOIN subscription_plans p ON p.id = s."planId"
CROSS JOIN generate_series(0, 1) AS d
WHERE d = 0 OR n % 5 = 0
-- ;;
-- Video Mixer: users with n % 3 > 0 have a project with two videos and n % 3 generations.
INSERT INTO video_mixer_projects (id, "userId", name, description, "createdAt", "updatedAt")
SELECT 'scale-vm-project-' || n, 'scale-user-' || n, 'Campaign ' || n, NULL,
       timezone('UTC', now()) - 190 * interval '1 day', timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
WHERE n % 3 > 0
-- ;;
INSERT INTO video_mixer_videos (id, "projectId", "fileName", "filePath", "fileSize", duration, "mimeType", "order",
        "createdAt", "updatedAt")
SELECT 'scale-vm-video-' || n || '-' || i, 'scale-vm-project-' || n, 'clip-' || i || '.mp4',
       '/uploads/scale-user-' || n || '/video-mixer/clip-' || i || '.mp4', 1048576 * (5 + (n + i) % 40),
       3.0 + (n + i) % 12, 'video/mp4', i - 1,
       timezone('UTC', now()) - 190 * interval '1 day', timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN generate_series(1, 2) AS i
WHERE n % 3 > 0
-- ;;
-- Generation status (for app k, generation i): of 20 slots, 14 completed, 2 failed, 1 processing,
-- 2 pending, 1 cancelled. Finished ones are days old; pending and processing ones 7 minutes to
-- 4 hours old (so some are stuck). Each generation was charged at enqueue (the credits below).
INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings, "creditUsed", status,
        "outputPaths", "frameRate", "videoResolution", "aspectRatio", "createdAt", "updatedAt", "completedAt")
SELECT 'scale-vm-gen-' || n || '-' || i, 'scale-vm-project-' || n, 'scale-user-' || n, g.videos,
       '{"shuffle":true,"fixedStart":false,"groupShuffle":false,"speed":1}', g.videos * 2, g.status,
       CASE WHEN g.status = 'completed' THEN format('["/outputs/scale-user-%s/video-mixer/%s.mp4"]', n, i) END,
       (ARRAY[24, 30, 60])[(n + i) % 3 + 1], (ARRAY['480p', '720p', '1080p', '4k'])[(n + i) % 4 + 1],
       (ARRAY['9:16', '16:9', '1:1', '4:5'])[(n + i) % 4 + 1],
       g.created,
       g.created + CASE g.status WHEN 'pending' THEN interval '0' WHEN 'processing' THEN interval '1 minute'
                                 ELSE interval '3 minutes' END,
       CASE WHEN g.status = 'completed' THEN g.created + interval '3 minutes' END
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL generate_series(1, n % 3) AS i
CROSS JOIN LATERAL (SELECT s.status, 1 + (n + i) % 5 AS videos,
        CASE WHEN s.status IN ('pending', 'processing')
             THEN timezone('UTC', now()) - (n % 240 + i * 7) * interval '1 minute'
             ELSE timezone('UTC', now()) - (n % 150 + i * 3) * interval '1 day' END AS created
        FROM (SELECT (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'failed', 'failed', 'processing', 'pending', 'pending', 'cancelled',
                            'completed'])[(n * 7 + i * 13) % 20 + 1] AS status) AS s) AS g
-- ;;
-- Carousel Mix: users with (n + 1) % 3 > 0 have a project with 2 slides, 2 texts and generations.
INSERT INTO carousel_projects (id, "userId", name, description, "defaultNumSlides", "createdAt", "updatedAt")
SELECT 'scale-carousel-project-' || n, 'scale-user-' || n, 'Carousel ' || n, NULL, 4,
       timezone('UTC', now()) - 190 * interval '1 day', timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
WHERE (n + 1) % 3 > 0
-- ;;
INSERT INTO carousel_slides (id, "projectId", "slidePosition", "fileName", "filePath", "fileType", "fileSize",
        width, height, "order", "createdAt")
SELECT 'scale-carousel-slide-' || n || '-' || i, 'scale-carousel-project-' || n, i, 'slide-' || i || '.jpg',
       '/uploads/scale-user-' || n || '/carousel-mix/slide-' || i || '.jpg', 'image', 200000 + (n % 1000) * 100,
       1080, 1080, 0, timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN generate_series(1, 2) AS i
WHERE (n + 1) % 3 > 0
-- ;;
INSERT INTO carousel_texts (id, "projectId", "slidePosition", content, "order", "createdAt")
SELECT 'scale-carousel-text-' || n || '-' || i, 'scale-carousel-project-' || n, i, 'Caption ' || i || ' of ' || n, 0,
       timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN generate_series(1, 2) AS i
WHERE (n + 1) % 3 > 0
-- ;;
INSERT INTO carousel_generations (id, "projectId", "userId", status, "numSlides", "numSetsGenerated", "creditUsed",
        "textVariationAlgo", "outputPath", "errorMessage", "createdAt", "completedAt")
SELECT 'scale-carousel-gen-' || n || '-' || i, 'scale-carousel-project-' || n, 'scale-user-' || n, g.status,
       (ARRAY[2, 4, 6, 8])[(n + i) % 4 + 1], g.sets, g.sets, (ARRAY['random', 'sequential', 'weighted'])[(n + i) % 3 + 1],
       CASE WHEN g.status = 'completed' THEN format('/outputs/scale-user-%s/carousel-mix/%s.zip', n, i) END,
       CASE WHEN g.status = 'failed' THEN 'Canvas render failed' WHEN g.status = 'cancelled' THEN 'Cancelled by user' END,
       g.created, CASE WHEN g.status = 'completed' THEN g.created + interval '1 minute' END
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL generate_series(1, (n + 1) % 3) AS i
CROSS JOIN LATERAL (SELECT s.status, 1 + (n + i) % 10 AS sets,
        CASE WHEN s.status IN ('pending', 'processing')
             THEN timezone('UTC', now()) - (n % 240 + i * 7 + 3) * interval '1 minute'
             ELSE timezone('UTC', now()) - (n % 150 + i * 3) * interval '1 day' - interval '17 minutes' END AS created
        FROM (SELECT (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'failed', 'failed', 'processing', 'pending', 'pending', 'cancelled',
                            'completed'])[(n * 7 + i * 13 + 5) % 20 + 1] AS status) AS s) AS g
-- ;;
-- Looping Flow: users with (n + 2) % 3 > 0 have a project with one video and generations.
INSERT INTO looping_flow_projects (id, "userId", name, description, "createdAt", "updatedAt")
SELECT 'scale-lf-project-' || n, 'scale-user-' || n, 'Loops ' || n, NULL,
       timezone('UTC', now()) - 190 * interval '1 day', timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
WHERE (n + 2) % 3 > 0
-- ;;
INSERT INTO looping_flow_videos (id, "projectId", "fileName", "filePath", "fileSize", duration, "mimeType",
        "createdAt")
SELECT 'scale-lf-video-' || n, 'scale-lf-project-' || n, 'source.mp4',
       '/uploads/scale-user-' || n || '/looping-flow/source.mp4', 1048576 * (4 + n % 30), 4.0 + n % 10,
       'video/mp4', timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
WHERE (n + 2) % 3 > 0
-- ;;
INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration", "creditUsed", status,
        "outputPath", "errorMessage", "createdAt", "completedAt", "loopStyle", "crossfadeDuration")
SELECT 'scale-lf-gen-' || n || '-' || i, 'scale-lf-project-' || n, 'scale-user-' || n, 'scale-lf-video-' || n,
       g.target, g.target / 15, g.status,
       CASE WHEN g.status = 'completed' THEN format('/outputs/scale-user-%s/looping-flow/%s.mp4', n, i) END,
       CASE WHEN g.status = 'failed' THEN 'FFmpeg exited with code 1' WHEN g.status = 'cancelled' THEN 'Cancelled by user' END,
       g.created,
       CASE WHEN g.status IN ('completed', 'failed', 'cancelled') THEN g.created + interval '5 minutes' END,
       (ARRAY['simple', 'crossfade', 'boomerang'])[(n + i) % 3 + 1], 0.5 + ((n + i) % 4) * 0.5
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL generate_series(1, (n + 2) % 3) AS i
CROSS JOIN LATERAL (SELECT s.status, (ARRAY[15, 30, 60, 120])[(n + i) % 4 + 1] AS target,
        CASE WHEN s.status IN ('pending', 'processing')
             THEN timezone('UTC', now()) - (n % 240 + i * 7 + 6) * interval '1 minute'
             ELSE timezone('UTC', now()) - (n % 150 + i * 3) * interval '1 day' - interval '34 minutes' END AS created
        FROM (SELECT (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'failed', 'failed', 'processing', 'pending', 'pending', 'cancelled',
                            'completed'])[(n * 7 + i * 13 + 10) % 20 + 1] AS status) AS s) AS g
-- ;;
-- Avatar Creator: odd users have a project, one avatar and one generation (not charged, as in the
-- app, docs/lumiku-app.md#generations); a completed generation points at the avatar it made.
INSERT INTO avatar_projects (id, "userId", name, description, "createdAt", "updatedAt")
SELECT 'scale-avatar-project-' || n, 'scale-user-' || n, 'Avatars ' || n, NULL,
       timezone('UTC', now()) - 190 * interval '1 day', timezone('UTC', now()) - 190 * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
WHERE n % 2 = 1
-- ;;
INSERT INTO avatars (id, "userId", "projectId", name, "baseImageUrl", gender, "ageRange", style, "sourceType",
        "generationPrompt", "usageCount", "lastUsedAt", "createdAt", "updatedAt")
SELECT 'scale-avatar-' || n, 'scale-user-' || n, 'scale-avatar-project-' || n, 'Avatar ' || n,
       '/uploads/scale-user-' || n || '/avatars/avatar.png', (ARRAY['male', 'female'])[n / 2 % 2 + 1],
       (ARRAY['20-30', '30-40', '40-50'])[n % 3 + 1], 'professional', 'text_to_image',
       'professional portrait number ' || n, n % 30, timezone('UTC', now()) - (n % 60) * interval '1 day',
       timezone('UTC', now()) - 180 * interval '1 day', timezone('UTC', now()) - (n % 60) * interval '1 day'
FROM generate_series(:first, :first + :count - 1) AS n
WHERE n % 2 = 1
-- ;;
INSERT INTO avatar_generations (id, "userId", "avatarId", "projectId", status, prompt, options, "errorMessage",
        "createdAt", "completedAt")
SELECT 'scale-avatar-gen-' || n || '-1', 'scale-user-' || n,
       CASE WHEN g.status = 'completed' THEN 'scale-avatar-' || n END, 'scale-avatar-project-' || n, g.status,
       'professional portrait number ' || n, '{"width":512,"height":512}',
       CASE WHEN g.status = 'failed' THEN 'Hugging Face returned 503' WHEN g.status = 'cancelled' THEN 'Cancelled' END,
       g.created, CASE WHEN g.status IN ('completed', 'failed') THEN g.created + interval '1 minute' END
FROM generate_series(:first, :first + :count - 1) AS n
CROSS JOIN LATERAL (SELECT s.status,
        CASE WHEN s.status IN ('pending', 'processing')
             THEN timezone('UTC', now()) - (n % 240 + 9) * interval '1 minute'
             ELSE timezone('UTC', now()) - 180 * interval '1 day' END AS created
        FROM (SELECT (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                            'completed', 'failed', 'failed', 'processing', 'pending', 'pending', 'cancelled',
                            'completed'])[(n / 2 * 7 + 4) % 20 + 1] AS status) AS s) AS g
WHERE n % 2 = 1
-- ;;
-- Credits: the welcome bonus, a purchase per successful payment, a usage row per charged
-- generation (video mixer, carousel, looping flow; description "<appId>: generate",
-- referenceType 'app_usage', referenceId NULL, as the app's credit middleware writes it) and a
-- refund per failed looping generation. balance = running sum in ("createdAt", id) order; the
-- bonus is each user's first row and usage never exceeds it, so no balance goes negative.
INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceId", "referenceType", "paymentId",
        "createdAt")
SELECT e.id, e."userId", e.amount,
       sum(e.amount) OVER (PARTITION BY e."userId" ORDER BY e."createdAt", e.id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
       e.type, e.description, e."referenceId", e."referenceType", e."paymentId", e."createdAt"
FROM (
    SELECT 'scale-credit-bonus-' || u.id AS id, u.id AS "userId", 100 AS amount, 'bonus' AS type,
           'Welcome bonus' AS description, NULL AS "referenceId", NULL AS "referenceType", NULL AS "paymentId",
           u."createdAt"
    FROM users u
    WHERE u.id IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
    UNION ALL
    SELECT 'scale-credit-' || p.id, p."userId", p."creditAmount", 'purchase', 'Purchased ' || p."creditAmount" || ' credits',
           NULL, NULL, p.id, p."updatedAt"
    FROM payments p
    WHERE p.status = 'success'
      AND p."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
    UNION ALL
    SELECT 'scale-credit-' || g.id, g."userId", -g."creditUsed", 'usage', 'video-mixer: generate', NULL, 'app_usage',
           NULL, g."createdAt"
    FROM video_mixer_generations g
    WHERE g."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
    UNION ALL
    SELECT 'scale-credit-' || g.id, g."userId", -g."creditUsed", 'usage', 'carousel-mix: generate', NULL, 'app_usage',
           NULL, g."createdAt"
    FROM carousel_generations g
    WHERE g."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
    UNION ALL
    SELECT 'scale-credit-' || g.id, g."userId", -g."creditUsed", 'usage', 'looping-flow: generate', NULL, 'app_usage',
           NULL, g."createdAt"
    FROM looping_flow_generations g
    WHERE g."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
    UNION ALL
    SELECT 'scale-credit-refund-' || g.id, g."userId", g."creditUsed", 'refund', 'Refund for failed looping generation',
           g.id, 'looping_flow_generation', g.id, g."completedAt"
    FROM looping_flow_generations g
    WHERE g.status = 'failed'
      AND g."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
) AS e
-- ;;
-- The app writes an app_usages row in the same transaction as each usage charge.
INSERT INTO app_usages (id, "userId", "appId", action, "creditUsed", metadata, "createdAt")
SELECT 'scale-app-usage-' || substring(c.id FROM 20), c."userId", split_part(c.description, ':', 1), 'generate',
       -c.amount, NULL, c."createdAt"
FROM credits c
WHERE c.type = 'usage'
  AND c."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
-- ;;
-- Model usages: one per completed video-mixer generation, by credits or (subscribers) by quota.
INSERT INTO model_usages (id, "userId", "appId", "modelKey", "usageType", "creditUsed", "quotaUsed", action, metadata,
        "createdAt")
SELECT 'scale-model-usage-' || g.id, g."userId", 'video-mixer', m."modelKey",
       CASE WHEN u."accountType" = 'subscription' THEN 'quota' ELSE 'credit' END,
       CASE WHEN u."accountType" = 'subscription' THEN NULL ELSE g."creditUsed" END,
       CASE WHEN u."accountType" = 'subscription' THEN m."quotaCost" END,
       'generate_mix', format('{"totalVideos":%s}', g."totalVideos"), g."completedAt"
FROM video_mixer_generations g
JOIN users u ON u.id = g."userId"
JOIN ai_models m ON m."modelKey" = 'video-mixer:ffmpeg-standard'
WHERE g.status = 'completed'
  AND g."userId" IN (SELECT 'scale-user-' || n FROM generate_series(:first, :first + :count - 1) AS n)
