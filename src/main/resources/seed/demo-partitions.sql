-- Demo rows for partition-maintenance (docs/partitions.md): finished avatar generations from 8 months
-- ago, past the 6-month retention of generations, so `jobs run partition-maintenance` archives them
-- (export, verify, delete) and `archive restore avatar_generations YYYY-MM` brings them back; and
-- app usages from 14 months ago, which `partitions convert app_usages` keeps in the legacy partition.
-- Idempotent: fixed ids, ON CONFLICT DO NOTHING.

-- The project the old generations belong to (the app creates a generation inside a project of
-- the same user).
INSERT INTO avatar_projects (id, "userId", name, description, "createdAt", "updatedAt")
VALUES ('demo-archive-project', 'demo-user-2', 'Old portraits', 'generations past retention',
        date_trunc('month', timezone('UTC', now()) - interval '8 months'),
        date_trunc('month', timezone('UTC', now()) - interval '8 months'))
ON CONFLICT DO NOTHING;

INSERT INTO avatar_generations (id, "userId", "avatarId", "projectId", status, prompt, options, "errorMessage",
        "createdAt", "completedAt")
SELECT 'demo-archive-avatar-' || n, 'demo-user-2', NULL, 'demo-archive-project',
       CASE WHEN n = 3 THEN 'failed' ELSE 'completed' END, 'an old portrait ' || n, NULL,
       CASE WHEN n = 3 THEN 'provider timeout' END,
       date_trunc('month', timezone('UTC', now()) - interval '8 months') + n * interval '1 day',
       date_trunc('month', timezone('UTC', now()) - interval '8 months') + n * interval '1 day' + interval '2 minutes'
FROM generate_series(1, 3) AS n
ON CONFLICT DO NOTHING;

INSERT INTO app_usages (id, "userId", "appId", action, "creditUsed", metadata, "createdAt")
SELECT 'demo-archive-app-usage-' || n, 'demo-user-2', 'avatar-creator', 'generate', 0, NULL,
       date_trunc('month', timezone('UTC', now()) - interval '14 months') + n * interval '1 day'
FROM generate_series(1, 3) AS n
ON CONFLICT DO NOTHING;
