-- The indexes of the Lumiku schema (fact sheet section 2), valid and de-duplicated. Prisma's
-- schema.prisma declares 128 @@index and the optimization report's cleanup.sql 74 more idx_*;
-- this keeps 88 of the 128, under Prisma's own names (so the app's `prisma migrate` recognises
-- them), and none of the idx_*. Together with V1's 32 primary keys and 13 unique indexes a Lumiku
-- database ends with 133 indexes in schema public instead of 173 (Prisma) or 245 (Prisma plus
-- cleanup.sql).
--
-- Dropped, each with its reason at its DROP below:
--   * 40 Prisma @@index that are a left prefix of another index with the same predicate (fact
--     sheet †, defect D6): a b-tree on (a, b) answers every query an index on (a) answers.
--   * all 74 cleanup.sql idx_* (defect D5): 46 exact duplicates of a Prisma index, 15 partial
--     copies of one, 11 that differ from one only in ASC/DESC or NULLS order (a b-tree is read
--     backwards as cheaply as forwards), and 2 whose predicate calls now(), which PostgreSQL
--     rejects (defect D1: not IMMUTABLE, and a frozen cutoff even if it were accepted). The plain
--     Prisma indexes on sessions."expiresAt" and quota_usages."resetAt" serve those cleanup
--     queries instead. None of the 74 adds a column an index here lacks.
--   Note for the app's maintainers: `prisma migrate diff` will list the 40 dropped @@index as
--   missing until they are removed from schema.prisma; re-creating them is harmless but wasteful.
--
-- Safe on a big database the app already created (LUMIKU_ADOPT_EXISTING=true, baseline at V1),
-- and safe to run again after a failure half-way. This file is non-transactional (see its .conf),
-- so every statement is its own transaction:
--   1. A DO block drops INVALID indexes of schema public, the leftovers of a CONCURRENTLY build
--      that failed or was cancelled (defect D7): IF NOT EXISTS would otherwise skip them forever.
--   2. DROP INDEX CONCURRENTLY IF EXISTS for the redundant names: no lock that blocks the app's
--      reads or writes, and a no-op where the index does not exist (a fresh database).
--   3. CREATE INDEX CONCURRENTLY IF NOT EXISTS for the 88 kept indexes: builds without blocking
--      writes where missing, a no-op where Prisma already made them.

-- A CONCURRENTLY statement waits for every older transaction; give up after a minute rather than
-- hang behind an idle-in-transaction session (a build that fails this way leaves an invalid
-- index, which step 1 of the next run removes). Builds themselves may take long on big tables.
SET lock_timeout = '1min';
SET statement_timeout = 0;

-- ---- 1. Drop invalid indexes left by a failed concurrent build ----

DO $$
DECLARE
    leftover record;
BEGIN
    SET LOCAL lock_timeout = '10s';  -- DROP INDEX takes ACCESS EXCLUSIVE: never queue long for it
    FOR leftover IN
        SELECT i.relname AS index_name, t.relname AS table_name
          FROM pg_index x
          JOIN pg_class i     ON i.oid = x.indexrelid
          JOIN pg_class t     ON t.oid = x.indrelid
          JOIN pg_namespace n ON n.oid = i.relnamespace
         WHERE n.nspname = 'public'
           AND i.relkind = 'i'          -- not a partitioned index, which is invalid until attached
           AND NOT x.indisvalid
           AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p
                            WHERE p.index_relid = x.indexrelid)  -- not a build still running
    LOOP
        RAISE NOTICE 'dropping invalid index %.% on table % (left by a failed concurrent build)',
            'public', leftover.index_name, leftover.table_name;
        EXECUTE format('DROP INDEX public.%I', leftover.index_name);
    END LOOP;
END $$;

-- ---- 2a. Drop the 40 left-prefix-redundant Prisma @@index ----

-- sessions_userId_idx: left prefix of sessions_userId_expiresAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "sessions_userId_idx";
-- devices_userId_idx: left prefix of devices_userId_lastActive_idx
DROP INDEX CONCURRENTLY IF EXISTS "devices_userId_idx";
-- credits_userId_idx: left prefix of credits_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "credits_userId_idx";
-- payments_userId_idx: left prefix of payments_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS "payments_userId_idx";
-- app_usages_userId_idx: left prefix of app_usages_userId_appId_idx
DROP INDEX CONCURRENTLY IF EXISTS "app_usages_userId_idx";
-- app_usages_appId_idx: left prefix of app_usages_appId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "app_usages_appId_idx";
-- video_mixer_projects_userId_idx: left prefix of video_mixer_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_projects_userId_idx";
-- video_mixer_groups_projectId_idx: left prefix of video_mixer_groups_projectId_order_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_groups_projectId_idx";
-- video_mixer_videos_projectId_idx: left prefix of video_mixer_videos_projectId_order_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_videos_projectId_idx";
-- video_mixer_videos_groupId_idx: left prefix of video_mixer_videos_groupId_order_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_videos_groupId_idx";
-- video_mixer_generations_projectId_idx: left prefix of video_mixer_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_generations_projectId_idx";
-- video_mixer_generations_userId_idx: left prefix of video_mixer_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_generations_userId_idx";
-- video_mixer_generations_status_idx: left prefix of video_mixer_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "video_mixer_generations_status_idx";
-- carousel_projects_userId_idx: left prefix of carousel_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "carousel_projects_userId_idx";
-- carousel_slides_projectId_idx: left prefix of carousel_slides_projectId_slidePosition_idx
DROP INDEX CONCURRENTLY IF EXISTS "carousel_slides_projectId_idx";
-- carousel_texts_projectId_idx: left prefix of carousel_texts_projectId_slidePosition_idx
DROP INDEX CONCURRENTLY IF EXISTS "carousel_texts_projectId_idx";
-- carousel_position_settings_projectId_idx: left prefix of carousel_position_settings_projectId_slidePosition_key
DROP INDEX CONCURRENTLY IF EXISTS "carousel_position_settings_projectId_idx";
-- carousel_generations_projectId_idx: left prefix of carousel_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "carousel_generations_projectId_idx";
-- carousel_generations_userId_idx: left prefix of carousel_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS "carousel_generations_userId_idx";
-- carousel_generations_status_idx: left prefix of carousel_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "carousel_generations_status_idx";
-- looping_flow_projects_userId_idx: left prefix of looping_flow_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "looping_flow_projects_userId_idx";
-- looping_flow_generations_projectId_idx: left prefix of looping_flow_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "looping_flow_generations_projectId_idx";
-- looping_flow_generations_userId_idx: left prefix of looping_flow_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS "looping_flow_generations_userId_idx";
-- looping_flow_generations_status_idx: left prefix of looping_flow_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "looping_flow_generations_status_idx";
-- ai_models_appId_idx: left prefix of ai_models_appId_modelId_key
DROP INDEX CONCURRENTLY IF EXISTS "ai_models_appId_idx";
-- subscriptions_status_idx: left prefix of subscriptions_status_endDate_idx
DROP INDEX CONCURRENTLY IF EXISTS "subscriptions_status_idx";
-- quota_usages_userId_period_idx: left prefix of quota_usages_userId_period_quotaType_key
DROP INDEX CONCURRENTLY IF EXISTS "quota_usages_userId_period_idx";
-- model_usages_userId_idx: left prefix of model_usages_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "model_usages_userId_idx";
-- model_usages_appId_idx: left prefix of model_usages_appId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "model_usages_appId_idx";
-- model_usages_modelKey_idx: left prefix of model_usages_modelKey_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "model_usages_modelKey_idx";
-- avatar_projects_userId_idx: left prefix of avatar_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_projects_userId_idx";
-- avatars_userId_idx: left prefix of avatars_userId_usageCount_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatars_userId_idx";
-- avatar_presets_category_idx: left prefix of avatar_presets_category_isPublic_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_presets_category_idx";
-- persona_examples_category_idx: left prefix of persona_examples_category_isActive_displayOrder_idx
DROP INDEX CONCURRENTLY IF EXISTS "persona_examples_category_idx";
-- avatar_usage_history_avatarId_idx: left prefix of avatar_usage_history_avatarId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_usage_history_avatarId_idx";
-- avatar_usage_history_userId_idx: left prefix of avatar_usage_history_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_usage_history_userId_idx";
-- avatar_usage_history_appId_idx: left prefix of avatar_usage_history_appId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_usage_history_appId_idx";
-- avatar_generations_userId_idx: left prefix of avatar_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_generations_userId_idx";
-- avatar_generations_status_idx: left prefix of avatar_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_generations_status_idx";
-- avatar_generations_projectId_idx: left prefix of avatar_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS "avatar_generations_projectId_idx";

-- ---- 2b. Drop the 74 cleanup.sql idx_* (2 never exist: their CREATE fails on now()) ----

-- idx_users_role: partial copy of users_role_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_users_role;
-- idx_users_account_type: exact duplicate of users_accountType_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_users_account_type;
-- idx_users_subscription_tier: exact duplicate of users_subscriptionTier_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_users_subscription_tier;
-- idx_users_created_at: sort/NULLS variant of users_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_users_created_at;
-- idx_sessions_user_id: exact duplicate of sessions_userId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_sessions_user_id;
-- idx_sessions_expires_at: now() in its predicate, never created; sessions_expiresAt_idx serves the query
DROP INDEX CONCURRENTLY IF EXISTS idx_sessions_expires_at;
-- idx_sessions_user_expires: sort/NULLS variant of sessions_userId_expiresAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_sessions_user_expires;
-- idx_devices_last_active: sort/NULLS variant of devices_lastActive_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_devices_last_active;
-- idx_devices_user_last_active: sort/NULLS variant of devices_userId_lastActive_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_devices_user_last_active;
-- idx_credits_user_created_desc: exact duplicate of credits_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_credits_user_created_desc;
-- idx_credits_type: exact duplicate of credits_type_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_credits_type;
-- idx_credits_reference: partial copy of credits_referenceId_referenceType_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_credits_reference;
-- idx_credits_payment_id: partial copy of credits_paymentId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_credits_payment_id;
-- idx_credits_created_at: sort/NULLS variant of credits_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_credits_created_at;
-- idx_payments_user_id: exact duplicate of payments_userId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_payments_user_id;
-- idx_payments_status: exact duplicate of payments_status_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_payments_status;
-- idx_payments_user_status: exact duplicate of payments_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_payments_user_status;
-- idx_payments_created_at: sort/NULLS variant of payments_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_payments_created_at;
-- idx_payments_user_created: exact duplicate of payments_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_payments_user_created;
-- idx_tool_configs_enabled: partial copy of tool_configs_enabled_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_tool_configs_enabled;
-- idx_app_usages_user_app: exact duplicate of app_usages_userId_appId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_app_usages_user_app;
-- idx_app_usages_user_created: exact duplicate of app_usages_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_app_usages_user_created;
-- idx_app_usages_app_created: sort/NULLS variant of app_usages_appId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_app_usages_app_created;
-- idx_video_mixer_projects_user_created: exact duplicate of video_mixer_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_projects_user_created;
-- idx_video_mixer_projects_user_updated: exact duplicate of video_mixer_projects_userId_updatedAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_projects_user_updated;
-- idx_video_mixer_groups_project_order: exact duplicate of video_mixer_groups_projectId_order_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_groups_project_order;
-- idx_video_mixer_videos_project_order: exact duplicate of video_mixer_videos_projectId_order_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_videos_project_order;
-- idx_video_mixer_videos_group_order: partial copy of video_mixer_videos_groupId_order_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_videos_group_order;
-- idx_video_mixer_gen_project_created: exact duplicate of video_mixer_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_gen_project_created;
-- idx_video_mixer_gen_user_status: exact duplicate of video_mixer_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_gen_user_status;
-- idx_video_mixer_gen_user_created: exact duplicate of video_mixer_generations_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_gen_user_created;
-- idx_video_mixer_gen_status_created: partial copy of video_mixer_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_video_mixer_gen_status_created;
-- idx_carousel_projects_user_created: exact duplicate of carousel_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_carousel_projects_user_created;
-- idx_carousel_projects_user_updated: exact duplicate of carousel_projects_userId_updatedAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_carousel_projects_user_updated;
-- idx_carousel_gen_project_created: exact duplicate of carousel_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_carousel_gen_project_created;
-- idx_carousel_gen_user_status: exact duplicate of carousel_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_carousel_gen_user_status;
-- idx_carousel_gen_user_created: exact duplicate of carousel_generations_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_carousel_gen_user_created;
-- idx_carousel_gen_status_created: partial copy of carousel_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_carousel_gen_status_created;
-- idx_looping_flow_projects_user_created: exact duplicate of looping_flow_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_projects_user_created;
-- idx_looping_flow_projects_user_updated: exact duplicate of looping_flow_projects_userId_updatedAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_projects_user_updated;
-- idx_looping_flow_gen_video_id: exact duplicate of looping_flow_generations_videoId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_gen_video_id;
-- idx_looping_flow_gen_project_created: exact duplicate of looping_flow_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_gen_project_created;
-- idx_looping_flow_gen_user_status: exact duplicate of looping_flow_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_gen_user_status;
-- idx_looping_flow_gen_user_created: exact duplicate of looping_flow_generations_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_gen_user_created;
-- idx_looping_flow_gen_status_created: partial copy of looping_flow_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_looping_flow_gen_status_created;
-- idx_subscriptions_plan_id: exact duplicate of subscriptions_planId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_subscriptions_plan_id;
-- idx_subscriptions_status_enddate: partial copy of subscriptions_status_endDate_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_subscriptions_status_enddate;
-- idx_subscriptions_next_billing: partial copy of subscriptions_nextBillingDate_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_subscriptions_next_billing;
-- idx_subscriptions_autorenew_enddate: partial copy of subscriptions_autoRenew_endDate_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_subscriptions_autorenew_enddate;
-- idx_quota_usages_user_period: exact duplicate of quota_usages_userId_period_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_quota_usages_user_period;
-- idx_quota_usages_reset_at: now() in its predicate, never created; quota_usages_resetAt_idx serves the query
DROP INDEX CONCURRENTLY IF EXISTS idx_quota_usages_reset_at;
-- idx_model_usages_user_created: exact duplicate of model_usages_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_model_usages_user_created;
-- idx_model_usages_app_created: sort/NULLS variant of model_usages_appId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_model_usages_app_created;
-- idx_model_usages_model_created: sort/NULLS variant of model_usages_modelKey_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_model_usages_model_created;
-- idx_model_usages_user_app: exact duplicate of model_usages_userId_appId_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_model_usages_user_app;
-- idx_model_usages_user_model: exact duplicate of model_usages_userId_modelKey_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_model_usages_user_model;
-- idx_model_usages_usage_type: exact duplicate of model_usages_usageType_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_model_usages_usage_type;
-- idx_avatar_projects_user_created: exact duplicate of avatar_projects_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_projects_user_created;
-- idx_avatar_projects_user_updated: exact duplicate of avatar_projects_userId_updatedAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_projects_user_updated;
-- idx_avatars_source_type: exact duplicate of avatars_sourceType_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatars_source_type;
-- idx_avatars_user_usage_count: exact duplicate of avatars_userId_usageCount_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatars_user_usage_count;
-- idx_avatars_user_last_used: sort/NULLS variant of avatars_userId_lastUsedAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatars_user_last_used;
-- idx_avatars_user_created: exact duplicate of avatars_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatars_user_created;
-- idx_avatar_presets_category_public: partial copy of avatar_presets_category_isPublic_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_presets_category_public;
-- idx_avatar_presets_usage_count: exact duplicate of avatar_presets_usageCount_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_presets_usage_count;
-- idx_persona_examples_category_active: partial copy of persona_examples_category_isActive_displayOrder_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_persona_examples_category_active;
-- idx_avatar_usage_avatar_created: exact duplicate of avatar_usage_history_avatarId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_usage_avatar_created;
-- idx_avatar_usage_user_created: exact duplicate of avatar_usage_history_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_usage_user_created;
-- idx_avatar_usage_app_created: sort/NULLS variant of avatar_usage_history_appId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_usage_app_created;
-- idx_avatar_usage_reference: partial copy of avatar_usage_history_referenceId_referenceType_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_usage_reference;
-- idx_avatar_gen_user_status: exact duplicate of avatar_generations_userId_status_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_gen_user_status;
-- idx_avatar_gen_user_created: exact duplicate of avatar_generations_userId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_gen_user_created;
-- idx_avatar_gen_status_created: partial copy of avatar_generations_status_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_gen_status_created;
-- idx_avatar_gen_project_created: exact duplicate of avatar_generations_projectId_createdAt_idx
DROP INDEX CONCURRENTLY IF EXISTS idx_avatar_gen_project_created;

-- ---- 3. The 88 kept Prisma @@index, one comment each: the query it serves ----

-- ---- users ----

-- Users of a role (admin lists: role = 'admin').
CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_role_idx" ON "users"("role");

-- Subscription expiry resetting users by accountType (payg vs subscription).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_accountType_idx" ON "users"("accountType");

-- User counts and lists per subscriptionTier (admin stats).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_subscriptionTier_idx" ON "users"("subscriptionTier");

-- Newest sign-ups and sign-ups per period (admin dashboard).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_createdAt_idx" ON "users"("createdAt");

-- ---- sessions ----

-- Expired-session cleanup: WHERE "expiresAt" < now() (replaces the invalid now() partial index).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_expiresAt_idx" ON "sessions"("expiresAt");

-- A user's sessions by expiry (a user's still-valid sessions, sign-out everywhere).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_userId_expiresAt_idx" ON "sessions"("userId", "expiresAt");

-- ---- devices ----

-- Stale-device cleanup by lastActive across all users.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "devices_lastActive_idx" ON "devices"("lastActive");

-- A user's devices by lastActive: evicting the oldest of 3 on registration.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "devices_userId_lastActive_idx" ON "devices"("userId", "lastActive");

-- ---- credits ----

-- Current balance = a user's newest credit row; credit history and monthly spend per user.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "credits_userId_createdAt_idx" ON "credits"("userId", "createdAt" DESC);

-- Credit rows by type (purchase, usage, refund, bonus) for reports.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "credits_type_idx" ON "credits"("type");

-- The credit row of a referenced object (refund idempotency, reconciliation).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "credits_referenceId_referenceType_idx" ON "credits"("referenceId", "referenceType");

-- The purchase credit of a payment; refund lookup by generation id kept in paymentId.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "credits_paymentId_idx" ON "credits"("paymentId");

-- Credits over a time range across users (monthly partitions, reports, retention).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "credits_createdAt_idx" ON "credits"("createdAt");

-- ---- payments ----

-- Stale pending payments to expire (status = 'pending').
CREATE INDEX CONCURRENTLY IF NOT EXISTS "payments_status_idx" ON "payments"("status");

-- A user's payments in a given status.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "payments_userId_status_idx" ON "payments"("userId", "status");

-- Payments over a time range (reports, pending older than the Duitku expiry).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "payments_createdAt_idx" ON "payments"("createdAt");

-- A user's payment history, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "payments_userId_createdAt_idx" ON "payments"("userId", "createdAt" DESC);

-- ---- tool_configs ----

-- Enabled tool configurations.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tool_configs_enabled_idx" ON "tool_configs"("enabled");

-- ---- apps ----

-- The dashboard's enabled apps.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "apps_enabled_idx" ON "apps"("enabled");

-- The dashboard's apps in dashboardOrder.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "apps_dashboardOrder_idx" ON "apps"("dashboardOrder");

-- ---- app_usages ----

-- App usage over a time range across users (stats, retention).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "app_usages_createdAt_idx" ON "app_usages"("createdAt");

-- A user's usage of one app.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "app_usages_userId_appId_idx" ON "app_usages"("userId", "appId");

-- A user's recent app usage, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "app_usages_userId_createdAt_idx" ON "app_usages"("userId", "createdAt" DESC);

-- One app's usage over a time range (app stats, activeUsers).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "app_usages_appId_createdAt_idx" ON "app_usages"("appId", "createdAt");

-- ---- video_mixer_projects ----

-- A user's Video Mixer projects, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_projects_userId_createdAt_idx" ON "video_mixer_projects"("userId", "createdAt" DESC);

-- A user's Video Mixer projects, recently edited first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_projects_userId_updatedAt_idx" ON "video_mixer_projects"("userId", "updatedAt" DESC);

-- ---- video_mixer_groups ----

-- A project's groups in order (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_groups_projectId_order_idx" ON "video_mixer_groups"("projectId", "order");

-- ---- video_mixer_videos ----

-- A project's videos in order (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_videos_projectId_order_idx" ON "video_mixer_videos"("projectId", "order");

-- A group's videos in order (also the groupId FK SET NULL).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_videos_groupId_order_idx" ON "video_mixer_videos"("groupId", "order");

-- ---- video_mixer_generations ----

-- A project's generations, newest first (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_generations_projectId_createdAt_idx" ON "video_mixer_generations"("projectId", "createdAt" DESC);

-- A user's generations in a status (e.g. still processing).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_generations_userId_status_idx" ON "video_mixer_generations"("userId", "status");

-- A user's generations, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_generations_userId_createdAt_idx" ON "video_mixer_generations"("userId", "createdAt" DESC);

-- Oldest pending/processing generations: stuck-job recovery.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "video_mixer_generations_status_createdAt_idx" ON "video_mixer_generations"("status", "createdAt");

-- ---- carousel_projects ----

-- A user's Carousel projects, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_projects_userId_createdAt_idx" ON "carousel_projects"("userId", "createdAt" DESC);

-- A user's Carousel projects, recently edited first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_projects_userId_updatedAt_idx" ON "carousel_projects"("userId", "updatedAt" DESC);

-- ---- carousel_slides ----

-- A project's slides by position (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_slides_projectId_slidePosition_idx" ON "carousel_slides"("projectId", "slidePosition");

-- ---- carousel_texts ----

-- A project's texts by slide position (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_texts_projectId_slidePosition_idx" ON "carousel_texts"("projectId", "slidePosition");

-- ---- carousel_generations ----

-- A project's generations, newest first (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_generations_projectId_createdAt_idx" ON "carousel_generations"("projectId", "createdAt" DESC);

-- A user's generations in a status.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_generations_userId_status_idx" ON "carousel_generations"("userId", "status");

-- A user's generations, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_generations_userId_createdAt_idx" ON "carousel_generations"("userId", "createdAt" DESC);

-- Oldest pending/processing generations: stuck-job recovery.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "carousel_generations_status_createdAt_idx" ON "carousel_generations"("status", "createdAt");

-- ---- looping_flow_projects ----

-- A user's Looping Flow projects, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_projects_userId_createdAt_idx" ON "looping_flow_projects"("userId", "createdAt" DESC);

-- A user's Looping Flow projects, recently edited first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_projects_userId_updatedAt_idx" ON "looping_flow_projects"("userId", "updatedAt" DESC);

-- ---- looping_flow_videos ----

-- A project's videos (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_videos_projectId_idx" ON "looping_flow_videos"("projectId");

-- ---- looping_flow_generations ----

-- The generations made from one video.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_generations_videoId_idx" ON "looping_flow_generations"("videoId");

-- A project's generations, newest first (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_generations_projectId_createdAt_idx" ON "looping_flow_generations"("projectId", "createdAt" DESC);

-- A user's generations in a status.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_generations_userId_status_idx" ON "looping_flow_generations"("userId", "status");

-- A user's generations, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_generations_userId_createdAt_idx" ON "looping_flow_generations"("userId", "createdAt" DESC);

-- Oldest pending/processing generations: stuck-job recovery and the DB poller.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_generations_status_createdAt_idx" ON "looping_flow_generations"("status", "createdAt");

-- ---- looping_flow_audio_layers ----

-- A generation's audio layers (also the generationId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "looping_flow_audio_layers_generationId_idx" ON "looping_flow_audio_layers"("generationId");

-- ---- ai_models ----

-- Models available up to a subscription tier.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "ai_models_tier_idx" ON "ai_models"("tier");

-- Enabled models.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "ai_models_enabled_idx" ON "ai_models"("enabled");

-- ---- subscription_plans ----

-- Plans of a tier.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscription_plans_tier_idx" ON "subscription_plans"("tier");

-- Active plans for the pricing page.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscription_plans_isActive_idx" ON "subscription_plans"("isActive");

-- ---- subscriptions ----

-- Subscribers of a plan (also the planId FK RESTRICT check on plan delete).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscriptions_planId_idx" ON "subscriptions"("planId");

-- Subscriptions ending in a time range (renewal reminders, reports).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscriptions_endDate_idx" ON "subscriptions"("endDate");

-- Hourly expiry: status = 'active' AND "endDate" <= now().
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscriptions_status_endDate_idx" ON "subscriptions"("status", "endDate");

-- Subscriptions due for billing by nextBillingDate.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscriptions_nextBillingDate_idx" ON "subscriptions"("nextBillingDate");

-- Expiry and renewal split by autoRenew, by endDate.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "subscriptions_autoRenew_endDate_idx" ON "subscriptions"("autoRenew", "endDate");

-- ---- quota_usages ----

-- Daily quota reset: WHERE "resetAt" <= now() (replaces the invalid now() partial index).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "quota_usages_resetAt_idx" ON "quota_usages"("resetAt");

-- ---- model_usages ----

-- Model usage over a time range across users (stats, retention).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_createdAt_idx" ON "model_usages"("createdAt");

-- A user's model usage, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_userId_createdAt_idx" ON "model_usages"("userId", "createdAt" DESC);

-- One app's model usage over a time range.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_appId_createdAt_idx" ON "model_usages"("appId", "createdAt");

-- One model's usage over a time range (also the modelKey FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_modelKey_createdAt_idx" ON "model_usages"("modelKey", "createdAt");

-- A user's model usage within one app.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_userId_appId_idx" ON "model_usages"("userId", "appId");

-- A user's usage of one model.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_userId_modelKey_idx" ON "model_usages"("userId", "modelKey");

-- Model usage by usageType (quota vs credit).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "model_usages_usageType_idx" ON "model_usages"("usageType");

-- ---- avatar_projects ----

-- A user's Avatar projects, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_projects_userId_createdAt_idx" ON "avatar_projects"("userId", "createdAt" DESC);

-- A user's Avatar projects, recently edited first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_projects_userId_updatedAt_idx" ON "avatar_projects"("userId", "updatedAt" DESC);

-- ---- avatars ----

-- A project's avatars (also the projectId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatars_projectId_idx" ON "avatars"("projectId");

-- Avatars by sourceType (upload, generated, ...).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatars_sourceType_idx" ON "avatars"("sourceType");

-- A user's most used avatars.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatars_userId_usageCount_idx" ON "avatars"("userId", "usageCount" DESC);

-- A user's recently used avatars.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatars_userId_lastUsedAt_idx" ON "avatars"("userId", "lastUsedAt" DESC);

-- A user's avatars, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatars_userId_createdAt_idx" ON "avatars"("userId", "createdAt" DESC);

-- ---- avatar_presets ----

-- Public presets.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_presets_isPublic_idx" ON "avatar_presets"("isPublic");

-- Public presets of a category.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_presets_category_isPublic_idx" ON "avatar_presets"("category", "isPublic");

-- Most used presets first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_presets_usageCount_idx" ON "avatar_presets"("usageCount" DESC);

-- ---- persona_examples ----

-- Active persona examples.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "persona_examples_isActive_idx" ON "persona_examples"("isActive");

-- Active persona examples of a category in displayOrder.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "persona_examples_category_isActive_displayOrder_idx" ON "persona_examples"("category", "isActive", "displayOrder");

-- ---- avatar_usage_history ----

-- An avatar's usage history, newest first (also the avatarId FK cascade).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_usage_history_avatarId_createdAt_idx" ON "avatar_usage_history"("avatarId", "createdAt" DESC);

-- A user's avatar usage history, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_usage_history_userId_createdAt_idx" ON "avatar_usage_history"("userId", "createdAt" DESC);

-- Avatar usage per app over a time range.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_usage_history_appId_createdAt_idx" ON "avatar_usage_history"("appId", "createdAt");

-- The avatar usage row of a referenced generation.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_usage_history_referenceId_referenceType_idx" ON "avatar_usage_history"("referenceId", "referenceType");

-- ---- avatar_generations ----

-- The generation that produced an avatar.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_generations_avatarId_idx" ON "avatar_generations"("avatarId");

-- A user's generations in a status.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_generations_userId_status_idx" ON "avatar_generations"("userId", "status");

-- A user's generations, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_generations_userId_createdAt_idx" ON "avatar_generations"("userId", "createdAt" DESC);

-- Oldest pending/processing generations: stuck-job recovery.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_generations_status_createdAt_idx" ON "avatar_generations"("status", "createdAt");

-- A project's generations, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "avatar_generations_projectId_createdAt_idx" ON "avatar_generations"("projectId", "createdAt" DESC);

RESET statement_timeout;
RESET lock_timeout;
