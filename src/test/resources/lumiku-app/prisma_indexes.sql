-- Test fixture: the 128 @@index of the app's schema.prisma (docs/lumiku-app.md#version), as
-- Prisma 5 creates them (default names <table>_<columns>_idx, quoted camelCase, DESC where the
-- @@index says sort: Desc). With
-- V1__lumiku_schema.sql (tables, PKs, the 13 uniques, FKs) this is the index set of a database the
-- Lumiku app made with `prisma migrate deploy`: 32 PK + 13 unique + 128 = 173 indexes.
-- See docs/lumiku-app.md#indexes. Lines marked "left-prefix redundant" are the 40 that
-- V2 drops.


-- users
CREATE INDEX "users_role_idx" ON "users"("role");
CREATE INDEX "users_accountType_idx" ON "users"("accountType");
CREATE INDEX "users_subscriptionTier_idx" ON "users"("subscriptionTier");
CREATE INDEX "users_createdAt_idx" ON "users"("createdAt");

-- sessions
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");  -- left-prefix redundant: covered by sessions_userId_expiresAt_idx
CREATE INDEX "sessions_expiresAt_idx" ON "sessions"("expiresAt");
CREATE INDEX "sessions_userId_expiresAt_idx" ON "sessions"("userId", "expiresAt");

-- devices
CREATE INDEX "devices_userId_idx" ON "devices"("userId");  -- left-prefix redundant: covered by devices_userId_lastActive_idx
CREATE INDEX "devices_lastActive_idx" ON "devices"("lastActive");
CREATE INDEX "devices_userId_lastActive_idx" ON "devices"("userId", "lastActive");

-- credits
CREATE INDEX "credits_userId_idx" ON "credits"("userId");  -- left-prefix redundant: covered by credits_userId_createdAt_idx
CREATE INDEX "credits_userId_createdAt_idx" ON "credits"("userId", "createdAt" DESC);
CREATE INDEX "credits_type_idx" ON "credits"("type");
CREATE INDEX "credits_referenceId_referenceType_idx" ON "credits"("referenceId", "referenceType");
CREATE INDEX "credits_paymentId_idx" ON "credits"("paymentId");
CREATE INDEX "credits_createdAt_idx" ON "credits"("createdAt");

-- payments
CREATE INDEX "payments_userId_idx" ON "payments"("userId");  -- left-prefix redundant: covered by payments_userId_status_idx
CREATE INDEX "payments_status_idx" ON "payments"("status");
CREATE INDEX "payments_userId_status_idx" ON "payments"("userId", "status");
CREATE INDEX "payments_createdAt_idx" ON "payments"("createdAt");
CREATE INDEX "payments_userId_createdAt_idx" ON "payments"("userId", "createdAt" DESC);

-- tool_configs
CREATE INDEX "tool_configs_enabled_idx" ON "tool_configs"("enabled");

-- apps
CREATE INDEX "apps_enabled_idx" ON "apps"("enabled");
CREATE INDEX "apps_dashboardOrder_idx" ON "apps"("dashboardOrder");

-- app_usages
CREATE INDEX "app_usages_userId_idx" ON "app_usages"("userId");  -- left-prefix redundant: covered by app_usages_userId_appId_idx
CREATE INDEX "app_usages_appId_idx" ON "app_usages"("appId");  -- left-prefix redundant: covered by app_usages_appId_createdAt_idx
CREATE INDEX "app_usages_createdAt_idx" ON "app_usages"("createdAt");
CREATE INDEX "app_usages_userId_appId_idx" ON "app_usages"("userId", "appId");
CREATE INDEX "app_usages_userId_createdAt_idx" ON "app_usages"("userId", "createdAt" DESC);
CREATE INDEX "app_usages_appId_createdAt_idx" ON "app_usages"("appId", "createdAt");

-- video_mixer_projects
CREATE INDEX "video_mixer_projects_userId_idx" ON "video_mixer_projects"("userId");  -- left-prefix redundant: covered by video_mixer_projects_userId_createdAt_idx
CREATE INDEX "video_mixer_projects_userId_createdAt_idx" ON "video_mixer_projects"("userId", "createdAt" DESC);
CREATE INDEX "video_mixer_projects_userId_updatedAt_idx" ON "video_mixer_projects"("userId", "updatedAt" DESC);

-- video_mixer_groups
CREATE INDEX "video_mixer_groups_projectId_idx" ON "video_mixer_groups"("projectId");  -- left-prefix redundant: covered by video_mixer_groups_projectId_order_idx
CREATE INDEX "video_mixer_groups_projectId_order_idx" ON "video_mixer_groups"("projectId", "order");

-- video_mixer_videos
CREATE INDEX "video_mixer_videos_projectId_idx" ON "video_mixer_videos"("projectId");  -- left-prefix redundant: covered by video_mixer_videos_projectId_order_idx
CREATE INDEX "video_mixer_videos_groupId_idx" ON "video_mixer_videos"("groupId");  -- left-prefix redundant: covered by video_mixer_videos_groupId_order_idx
CREATE INDEX "video_mixer_videos_projectId_order_idx" ON "video_mixer_videos"("projectId", "order");
CREATE INDEX "video_mixer_videos_groupId_order_idx" ON "video_mixer_videos"("groupId", "order");

-- video_mixer_generations
CREATE INDEX "video_mixer_generations_projectId_idx" ON "video_mixer_generations"("projectId");  -- left-prefix redundant: covered by video_mixer_generations_projectId_createdAt_idx
CREATE INDEX "video_mixer_generations_userId_idx" ON "video_mixer_generations"("userId");  -- left-prefix redundant: covered by video_mixer_generations_userId_status_idx
CREATE INDEX "video_mixer_generations_status_idx" ON "video_mixer_generations"("status");  -- left-prefix redundant: covered by video_mixer_generations_status_createdAt_idx
CREATE INDEX "video_mixer_generations_projectId_createdAt_idx" ON "video_mixer_generations"("projectId", "createdAt" DESC);
CREATE INDEX "video_mixer_generations_userId_status_idx" ON "video_mixer_generations"("userId", "status");
CREATE INDEX "video_mixer_generations_userId_createdAt_idx" ON "video_mixer_generations"("userId", "createdAt" DESC);
CREATE INDEX "video_mixer_generations_status_createdAt_idx" ON "video_mixer_generations"("status", "createdAt");

-- carousel_projects
CREATE INDEX "carousel_projects_userId_idx" ON "carousel_projects"("userId");  -- left-prefix redundant: covered by carousel_projects_userId_createdAt_idx
CREATE INDEX "carousel_projects_userId_createdAt_idx" ON "carousel_projects"("userId", "createdAt" DESC);
CREATE INDEX "carousel_projects_userId_updatedAt_idx" ON "carousel_projects"("userId", "updatedAt" DESC);

-- carousel_slides
CREATE INDEX "carousel_slides_projectId_idx" ON "carousel_slides"("projectId");  -- left-prefix redundant: covered by carousel_slides_projectId_slidePosition_idx
CREATE INDEX "carousel_slides_projectId_slidePosition_idx" ON "carousel_slides"("projectId", "slidePosition");

-- carousel_texts
CREATE INDEX "carousel_texts_projectId_idx" ON "carousel_texts"("projectId");  -- left-prefix redundant: covered by carousel_texts_projectId_slidePosition_idx
CREATE INDEX "carousel_texts_projectId_slidePosition_idx" ON "carousel_texts"("projectId", "slidePosition");

-- carousel_position_settings
CREATE INDEX "carousel_position_settings_projectId_idx" ON "carousel_position_settings"("projectId");  -- left-prefix redundant: covered by carousel_position_settings_projectId_slidePosition_key

-- carousel_generations
CREATE INDEX "carousel_generations_projectId_idx" ON "carousel_generations"("projectId");  -- left-prefix redundant: covered by carousel_generations_projectId_createdAt_idx
CREATE INDEX "carousel_generations_userId_idx" ON "carousel_generations"("userId");  -- left-prefix redundant: covered by carousel_generations_userId_status_idx
CREATE INDEX "carousel_generations_status_idx" ON "carousel_generations"("status");  -- left-prefix redundant: covered by carousel_generations_status_createdAt_idx
CREATE INDEX "carousel_generations_projectId_createdAt_idx" ON "carousel_generations"("projectId", "createdAt" DESC);
CREATE INDEX "carousel_generations_userId_status_idx" ON "carousel_generations"("userId", "status");
CREATE INDEX "carousel_generations_userId_createdAt_idx" ON "carousel_generations"("userId", "createdAt" DESC);
CREATE INDEX "carousel_generations_status_createdAt_idx" ON "carousel_generations"("status", "createdAt");

-- looping_flow_projects
CREATE INDEX "looping_flow_projects_userId_idx" ON "looping_flow_projects"("userId");  -- left-prefix redundant: covered by looping_flow_projects_userId_createdAt_idx
CREATE INDEX "looping_flow_projects_userId_createdAt_idx" ON "looping_flow_projects"("userId", "createdAt" DESC);
CREATE INDEX "looping_flow_projects_userId_updatedAt_idx" ON "looping_flow_projects"("userId", "updatedAt" DESC);

-- looping_flow_videos
CREATE INDEX "looping_flow_videos_projectId_idx" ON "looping_flow_videos"("projectId");

-- looping_flow_generations
CREATE INDEX "looping_flow_generations_projectId_idx" ON "looping_flow_generations"("projectId");  -- left-prefix redundant: covered by looping_flow_generations_projectId_createdAt_idx
CREATE INDEX "looping_flow_generations_userId_idx" ON "looping_flow_generations"("userId");  -- left-prefix redundant: covered by looping_flow_generations_userId_status_idx
CREATE INDEX "looping_flow_generations_status_idx" ON "looping_flow_generations"("status");  -- left-prefix redundant: covered by looping_flow_generations_status_createdAt_idx
CREATE INDEX "looping_flow_generations_videoId_idx" ON "looping_flow_generations"("videoId");
CREATE INDEX "looping_flow_generations_projectId_createdAt_idx" ON "looping_flow_generations"("projectId", "createdAt" DESC);
CREATE INDEX "looping_flow_generations_userId_status_idx" ON "looping_flow_generations"("userId", "status");
CREATE INDEX "looping_flow_generations_userId_createdAt_idx" ON "looping_flow_generations"("userId", "createdAt" DESC);
CREATE INDEX "looping_flow_generations_status_createdAt_idx" ON "looping_flow_generations"("status", "createdAt");

-- looping_flow_audio_layers
CREATE INDEX "looping_flow_audio_layers_generationId_idx" ON "looping_flow_audio_layers"("generationId");

-- ai_models
CREATE INDEX "ai_models_appId_idx" ON "ai_models"("appId");  -- left-prefix redundant: covered by ai_models_appId_modelId_key
CREATE INDEX "ai_models_tier_idx" ON "ai_models"("tier");
CREATE INDEX "ai_models_enabled_idx" ON "ai_models"("enabled");

-- subscription_plans
CREATE INDEX "subscription_plans_tier_idx" ON "subscription_plans"("tier");
CREATE INDEX "subscription_plans_isActive_idx" ON "subscription_plans"("isActive");

-- subscriptions
CREATE INDEX "subscriptions_planId_idx" ON "subscriptions"("planId");
CREATE INDEX "subscriptions_status_idx" ON "subscriptions"("status");  -- left-prefix redundant: covered by subscriptions_status_endDate_idx
CREATE INDEX "subscriptions_endDate_idx" ON "subscriptions"("endDate");
CREATE INDEX "subscriptions_status_endDate_idx" ON "subscriptions"("status", "endDate");
CREATE INDEX "subscriptions_nextBillingDate_idx" ON "subscriptions"("nextBillingDate");
CREATE INDEX "subscriptions_autoRenew_endDate_idx" ON "subscriptions"("autoRenew", "endDate");

-- quota_usages
CREATE INDEX "quota_usages_userId_period_idx" ON "quota_usages"("userId", "period");  -- left-prefix redundant: covered by quota_usages_userId_period_quotaType_key
CREATE INDEX "quota_usages_resetAt_idx" ON "quota_usages"("resetAt");

-- model_usages
CREATE INDEX "model_usages_userId_idx" ON "model_usages"("userId");  -- left-prefix redundant: covered by model_usages_userId_createdAt_idx
CREATE INDEX "model_usages_appId_idx" ON "model_usages"("appId");  -- left-prefix redundant: covered by model_usages_appId_createdAt_idx
CREATE INDEX "model_usages_modelKey_idx" ON "model_usages"("modelKey");  -- left-prefix redundant: covered by model_usages_modelKey_createdAt_idx
CREATE INDEX "model_usages_createdAt_idx" ON "model_usages"("createdAt");
CREATE INDEX "model_usages_userId_createdAt_idx" ON "model_usages"("userId", "createdAt" DESC);
CREATE INDEX "model_usages_appId_createdAt_idx" ON "model_usages"("appId", "createdAt");
CREATE INDEX "model_usages_modelKey_createdAt_idx" ON "model_usages"("modelKey", "createdAt");
CREATE INDEX "model_usages_userId_appId_idx" ON "model_usages"("userId", "appId");
CREATE INDEX "model_usages_userId_modelKey_idx" ON "model_usages"("userId", "modelKey");
CREATE INDEX "model_usages_usageType_idx" ON "model_usages"("usageType");

-- avatar_projects
CREATE INDEX "avatar_projects_userId_idx" ON "avatar_projects"("userId");  -- left-prefix redundant: covered by avatar_projects_userId_createdAt_idx
CREATE INDEX "avatar_projects_userId_createdAt_idx" ON "avatar_projects"("userId", "createdAt" DESC);
CREATE INDEX "avatar_projects_userId_updatedAt_idx" ON "avatar_projects"("userId", "updatedAt" DESC);

-- avatars
CREATE INDEX "avatars_userId_idx" ON "avatars"("userId");  -- left-prefix redundant: covered by avatars_userId_usageCount_idx
CREATE INDEX "avatars_projectId_idx" ON "avatars"("projectId");
CREATE INDEX "avatars_sourceType_idx" ON "avatars"("sourceType");
CREATE INDEX "avatars_userId_usageCount_idx" ON "avatars"("userId", "usageCount" DESC);
CREATE INDEX "avatars_userId_lastUsedAt_idx" ON "avatars"("userId", "lastUsedAt" DESC);
CREATE INDEX "avatars_userId_createdAt_idx" ON "avatars"("userId", "createdAt" DESC);

-- avatar_presets
CREATE INDEX "avatar_presets_category_idx" ON "avatar_presets"("category");  -- left-prefix redundant: covered by avatar_presets_category_isPublic_idx
CREATE INDEX "avatar_presets_isPublic_idx" ON "avatar_presets"("isPublic");
CREATE INDEX "avatar_presets_category_isPublic_idx" ON "avatar_presets"("category", "isPublic");
CREATE INDEX "avatar_presets_usageCount_idx" ON "avatar_presets"("usageCount" DESC);

-- persona_examples
CREATE INDEX "persona_examples_category_idx" ON "persona_examples"("category");  -- left-prefix redundant: covered by persona_examples_category_isActive_displayOrder_idx
CREATE INDEX "persona_examples_isActive_idx" ON "persona_examples"("isActive");
CREATE INDEX "persona_examples_category_isActive_displayOrder_idx" ON "persona_examples"("category", "isActive", "displayOrder");

-- avatar_usage_history
CREATE INDEX "avatar_usage_history_avatarId_idx" ON "avatar_usage_history"("avatarId");  -- left-prefix redundant: covered by avatar_usage_history_avatarId_createdAt_idx
CREATE INDEX "avatar_usage_history_userId_idx" ON "avatar_usage_history"("userId");  -- left-prefix redundant: covered by avatar_usage_history_userId_createdAt_idx
CREATE INDEX "avatar_usage_history_appId_idx" ON "avatar_usage_history"("appId");  -- left-prefix redundant: covered by avatar_usage_history_appId_createdAt_idx
CREATE INDEX "avatar_usage_history_avatarId_createdAt_idx" ON "avatar_usage_history"("avatarId", "createdAt" DESC);
CREATE INDEX "avatar_usage_history_userId_createdAt_idx" ON "avatar_usage_history"("userId", "createdAt" DESC);
CREATE INDEX "avatar_usage_history_appId_createdAt_idx" ON "avatar_usage_history"("appId", "createdAt");
CREATE INDEX "avatar_usage_history_referenceId_referenceType_idx" ON "avatar_usage_history"("referenceId", "referenceType");

-- avatar_generations
CREATE INDEX "avatar_generations_userId_idx" ON "avatar_generations"("userId");  -- left-prefix redundant: covered by avatar_generations_userId_status_idx
CREATE INDEX "avatar_generations_status_idx" ON "avatar_generations"("status");  -- left-prefix redundant: covered by avatar_generations_status_createdAt_idx
CREATE INDEX "avatar_generations_projectId_idx" ON "avatar_generations"("projectId");  -- left-prefix redundant: covered by avatar_generations_projectId_createdAt_idx
CREATE INDEX "avatar_generations_avatarId_idx" ON "avatar_generations"("avatarId");
CREATE INDEX "avatar_generations_userId_status_idx" ON "avatar_generations"("userId", "status");
CREATE INDEX "avatar_generations_userId_createdAt_idx" ON "avatar_generations"("userId", "createdAt" DESC);
CREATE INDEX "avatar_generations_status_createdAt_idx" ON "avatar_generations"("status", "createdAt");
CREATE INDEX "avatar_generations_projectId_createdAt_idx" ON "avatar_generations"("projectId", "createdAt" DESC);
