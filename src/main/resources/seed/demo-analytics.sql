-- Demo rows for the usage analytics (docs/analytics.md): two weeks of quota-charged model usage
-- by the subscribers (demo-user-3, demo-user-4), so the daily usage and model popularity views
-- have a history to show. model_usages has no balance to chain, so the credits ledger is left as
-- demo.sql wrote it. Fixed ids, ON CONFLICT DO NOTHING: a rerun adds nothing.
--
-- The rows reach the views the way the app's writes do: the insert's statement trigger records
-- their (day, user) and (day, app, model) keys as dirty; the next analytics-refresh run (every
-- 5 minutes in jobs/analytics-refresh.yml, or `jobs run analytics-refresh`) recomputes them.
INSERT INTO model_usages (id, "userId", "appId", "modelKey", "usageType", "creditUsed", "quotaUsed", action, metadata,
        "createdAt")
SELECT 'demo-analytics-usage-' || u.n || '-' || d, 'demo-user-' || u.n, m.app, m.model, 'quota', NULL, 1, m.action,
       NULL, timezone('UTC', now()) - make_interval(days => d, hours => 2 * u.n)
FROM generate_series(1, 14) d
CROSS JOIN (VALUES (3), (4)) AS u(n)
CROSS JOIN LATERAL (VALUES
    (CASE WHEN (d + u.n) % 3 = 0 THEN 'looping-flow' ELSE 'video-mixer' END,
     CASE WHEN (d + u.n) % 3 = 0 THEN 'looping-flow:ffmpeg-loop' ELSE 'video-mixer:ffmpeg-standard' END,
     CASE WHEN (d + u.n) % 3 = 0 THEN 'generate_loop' ELSE 'generate_mix' END)) AS m(app, model, action)
ON CONFLICT DO NOTHING;
