-- Test fixture: the idx_* indexes of the optimization report's migrations/cleanup.sql, as run
-- with `psql -f` in autocommit mode on top of the Prisma schema (docs/lumiku-app.md#indexes).
-- cleanup.sql defines 74 of them, all CREATE INDEX CONCURRENTLY IF NOT EXISTS; the 72 that
-- PostgreSQL accepts are below. Left out, because they fail with "functions in index predicate
-- must be marked IMMUTABLE" (defect D1, docs/lumiku-app.md#the-optimization-report) and so never exist in a real database:
--   idx_sessions_expires_at     ON sessions("expiresAt") WHERE "expiresAt" > NOW()
--   idx_quota_usages_reset_at   ON quota_usages("resetAt") WHERE "resetAt" > NOW()
-- Each statement is CONCURRENTLY, so run this file one statement at a time in autocommit (not as
-- one multi-statement query, defect D3). The comment after each says what it duplicates.


-- users
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_role ON users("role") WHERE "role" <> 'user';  -- partial copy of users_role_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_account_type ON users("accountType");  -- exact duplicate of users_accountType_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_subscription_tier ON users("subscriptionTier");  -- exact duplicate of users_subscriptionTier_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_created_at ON users("createdAt" DESC);  -- sort/NULLS variant of users_createdAt_idx

-- sessions
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_sessions_user_id ON sessions("userId");  -- exact duplicate of sessions_userId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_sessions_user_expires ON sessions("userId", "expiresAt" DESC);  -- sort/NULLS variant of sessions_userId_expiresAt_idx

-- devices
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_devices_last_active ON devices("lastActive" DESC);  -- sort/NULLS variant of devices_lastActive_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_devices_user_last_active ON devices("userId", "lastActive" DESC);  -- sort/NULLS variant of devices_userId_lastActive_idx

-- credits
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_credits_user_created_desc ON credits("userId", "createdAt" DESC);  -- exact duplicate of credits_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_credits_type ON credits("type");  -- exact duplicate of credits_type_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_credits_reference ON credits("referenceId", "referenceType") WHERE "referenceId" IS NOT NULL;  -- partial copy of credits_referenceId_referenceType_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_credits_payment_id ON credits("paymentId") WHERE "paymentId" IS NOT NULL;  -- partial copy of credits_paymentId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_credits_created_at ON credits("createdAt" DESC);  -- sort/NULLS variant of credits_createdAt_idx

-- payments
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_payments_user_id ON payments("userId");  -- exact duplicate of payments_userId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_payments_status ON payments("status");  -- exact duplicate of payments_status_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_payments_user_status ON payments("userId", "status");  -- exact duplicate of payments_userId_status_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_payments_created_at ON payments("createdAt" DESC);  -- sort/NULLS variant of payments_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_payments_user_created ON payments("userId", "createdAt" DESC);  -- exact duplicate of payments_userId_createdAt_idx

-- tool_configs
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tool_configs_enabled ON tool_configs("enabled") WHERE "enabled" = true;  -- partial copy of tool_configs_enabled_idx

-- app_usages
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_app_usages_user_app ON app_usages("userId", "appId");  -- exact duplicate of app_usages_userId_appId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_app_usages_user_created ON app_usages("userId", "createdAt" DESC);  -- exact duplicate of app_usages_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_app_usages_app_created ON app_usages("appId", "createdAt" DESC);  -- sort/NULLS variant of app_usages_appId_createdAt_idx

-- video_mixer_projects
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_projects_user_created ON video_mixer_projects("userId", "createdAt" DESC);  -- exact duplicate of video_mixer_projects_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_projects_user_updated ON video_mixer_projects("userId", "updatedAt" DESC);  -- exact duplicate of video_mixer_projects_userId_updatedAt_idx

-- video_mixer_groups
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_groups_project_order ON video_mixer_groups("projectId", "order");  -- exact duplicate of video_mixer_groups_projectId_order_idx

-- video_mixer_videos
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_videos_project_order ON video_mixer_videos("projectId", "order");  -- exact duplicate of video_mixer_videos_projectId_order_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_videos_group_order ON video_mixer_videos("groupId", "order") WHERE "groupId" IS NOT NULL;  -- partial copy of video_mixer_videos_groupId_order_idx

-- video_mixer_generations
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_gen_project_created ON video_mixer_generations("projectId", "createdAt" DESC);  -- exact duplicate of video_mixer_generations_projectId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_gen_user_status ON video_mixer_generations("userId", "status");  -- exact duplicate of video_mixer_generations_userId_status_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_gen_user_created ON video_mixer_generations("userId", "createdAt" DESC);  -- exact duplicate of video_mixer_generations_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_video_mixer_gen_status_created ON video_mixer_generations("status", "createdAt") WHERE "status" IN ('pending', 'processing');  -- partial copy of video_mixer_generations_status_createdAt_idx

-- carousel_projects
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_carousel_projects_user_created ON carousel_projects("userId", "createdAt" DESC);  -- exact duplicate of carousel_projects_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_carousel_projects_user_updated ON carousel_projects("userId", "updatedAt" DESC);  -- exact duplicate of carousel_projects_userId_updatedAt_idx

-- carousel_generations
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_carousel_gen_project_created ON carousel_generations("projectId", "createdAt" DESC);  -- exact duplicate of carousel_generations_projectId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_carousel_gen_user_status ON carousel_generations("userId", "status");  -- exact duplicate of carousel_generations_userId_status_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_carousel_gen_user_created ON carousel_generations("userId", "createdAt" DESC);  -- exact duplicate of carousel_generations_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_carousel_gen_status_created ON carousel_generations("status", "createdAt") WHERE "status" IN ('pending', 'processing');  -- partial copy of carousel_generations_status_createdAt_idx

-- looping_flow_projects
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_projects_user_created ON looping_flow_projects("userId", "createdAt" DESC);  -- exact duplicate of looping_flow_projects_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_projects_user_updated ON looping_flow_projects("userId", "updatedAt" DESC);  -- exact duplicate of looping_flow_projects_userId_updatedAt_idx

-- looping_flow_generations
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_gen_video_id ON looping_flow_generations("videoId");  -- exact duplicate of looping_flow_generations_videoId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_gen_project_created ON looping_flow_generations("projectId", "createdAt" DESC);  -- exact duplicate of looping_flow_generations_projectId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_gen_user_status ON looping_flow_generations("userId", "status");  -- exact duplicate of looping_flow_generations_userId_status_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_gen_user_created ON looping_flow_generations("userId", "createdAt" DESC);  -- exact duplicate of looping_flow_generations_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_looping_flow_gen_status_created ON looping_flow_generations("status", "createdAt") WHERE "status" IN ('pending', 'processing');  -- partial copy of looping_flow_generations_status_createdAt_idx

-- subscriptions
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_subscriptions_plan_id ON subscriptions("planId");  -- exact duplicate of subscriptions_planId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_subscriptions_status_enddate ON subscriptions("status", "endDate") WHERE "status" = 'active';  -- partial copy of subscriptions_status_endDate_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_subscriptions_next_billing ON subscriptions("nextBillingDate") WHERE "nextBillingDate" IS NOT NULL AND "autoRenew" = true;  -- partial copy of subscriptions_nextBillingDate_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_subscriptions_autorenew_enddate ON subscriptions("autoRenew", "endDate") WHERE "autoRenew" = true;  -- partial copy of subscriptions_autoRenew_endDate_idx

-- quota_usages
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_quota_usages_user_period ON quota_usages("userId", "period");  -- exact duplicate of quota_usages_userId_period_idx

-- model_usages
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_model_usages_user_created ON model_usages("userId", "createdAt" DESC);  -- exact duplicate of model_usages_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_model_usages_app_created ON model_usages("appId", "createdAt" DESC);  -- sort/NULLS variant of model_usages_appId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_model_usages_model_created ON model_usages("modelKey", "createdAt" DESC);  -- sort/NULLS variant of model_usages_modelKey_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_model_usages_user_app ON model_usages("userId", "appId");  -- exact duplicate of model_usages_userId_appId_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_model_usages_user_model ON model_usages("userId", "modelKey");  -- exact duplicate of model_usages_userId_modelKey_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_model_usages_usage_type ON model_usages("usageType");  -- exact duplicate of model_usages_usageType_idx

-- avatar_projects
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_projects_user_created ON avatar_projects("userId", "createdAt" DESC);  -- exact duplicate of avatar_projects_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_projects_user_updated ON avatar_projects("userId", "updatedAt" DESC);  -- exact duplicate of avatar_projects_userId_updatedAt_idx

-- avatars
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatars_source_type ON avatars("sourceType");  -- exact duplicate of avatars_sourceType_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatars_user_usage_count ON avatars("userId", "usageCount" DESC);  -- exact duplicate of avatars_userId_usageCount_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatars_user_last_used ON avatars("userId", "lastUsedAt" DESC NULLS LAST);  -- sort/NULLS variant of avatars_userId_lastUsedAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatars_user_created ON avatars("userId", "createdAt" DESC);  -- exact duplicate of avatars_userId_createdAt_idx

-- avatar_presets
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_presets_category_public ON avatar_presets("category", "isPublic") WHERE "isPublic" = true;  -- partial copy of avatar_presets_category_isPublic_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_presets_usage_count ON avatar_presets("usageCount" DESC);  -- exact duplicate of avatar_presets_usageCount_idx

-- persona_examples
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_persona_examples_category_active ON persona_examples("category", "isActive", "displayOrder") WHERE "isActive" = true;  -- partial copy of persona_examples_category_isActive_displayOrder_idx

-- avatar_usage_history
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_usage_avatar_created ON avatar_usage_history("avatarId", "createdAt" DESC);  -- exact duplicate of avatar_usage_history_avatarId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_usage_user_created ON avatar_usage_history("userId", "createdAt" DESC);  -- exact duplicate of avatar_usage_history_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_usage_app_created ON avatar_usage_history("appId", "createdAt" DESC);  -- sort/NULLS variant of avatar_usage_history_appId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_usage_reference ON avatar_usage_history("referenceId", "referenceType") WHERE "referenceId" IS NOT NULL;  -- partial copy of avatar_usage_history_referenceId_referenceType_idx

-- avatar_generations
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_gen_user_status ON avatar_generations("userId", "status");  -- exact duplicate of avatar_generations_userId_status_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_gen_user_created ON avatar_generations("userId", "createdAt" DESC);  -- exact duplicate of avatar_generations_userId_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_gen_status_created ON avatar_generations("status", "createdAt") WHERE "status" IN ('pending', 'processing');  -- partial copy of avatar_generations_status_createdAt_idx
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_avatar_gen_project_created ON avatar_generations("projectId", "createdAt" DESC);  -- exact duplicate of avatar_generations_projectId_createdAt_idx
