-- The Lumiku app schema at commit f6a6138 (yoppiari/superlumiku, 2025-10-14), exactly as Prisma 5
-- creates it from that commit's schema.prisma: the 32 tables with their columns, types, defaults
-- and primary keys, the 13 unique indexes and the 22 foreign keys, under Prisma's default names
-- and in Prisma's statement order (tables, then indexes, then foreign keys), so the whole file runs
-- top to bottom in Flyway's single transaction. Source: the Lumiku schema fact sheet, sections 1
-- (tables) and 1.7 (relationships).
--
-- A database the Lumiku app already created is NOT built by this file: Flyway adopts it by
-- baselining at version 1 (LUMIKU_ADOPT_EXISTING=true, i.e. spring.flyway.baseline-on-migrate with
-- baseline-version 1), so only V2 onward run there. Keep the DDL here exactly what Prisma makes;
-- anything the worker adds belongs in a later version, or fresh and adopted databases diverge.
--
-- Deliberately absent here: the 128 @@index lines (V2 creates them, de-duplicated), CHECK
-- constraints (V3; Prisma never creates any), and any FK the app does not declare (11 tables'
-- "userId", avatar_generations, credits."paymentId" and the other plain reference columns stay
-- unenforced, as in production).
--
-- Traps for raw-SQL writers (sheet 5.9): "id" is a client-generated cuid with no default;
-- "updatedAt" is NOT NULL with no default (Prisma sets it on every write); identifiers are quoted
-- camelCase; TIMESTAMP(3) holds UTC without a time zone; JSON payloads are TEXT.

-- ---- 1.1 Core: users, auth, billing, usage ----

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL DEFAULT 'user',
    "storageQuota" INTEGER NOT NULL DEFAULT 1073741824,
    "storageUsed" INTEGER NOT NULL DEFAULT 0,
    "accountType" TEXT NOT NULL DEFAULT 'payg',
    "subscriptionTier" TEXT NOT NULL DEFAULT 'free',
    "userTags" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "deviceName" TEXT NOT NULL,
    "deviceType" TEXT NOT NULL,
    "browser" TEXT,
    "os" TEXT,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "lastActive" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credits" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "balance" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT,
    "referenceId" TEXT,
    "referenceType" TEXT,
    "paymentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "merchantOrderId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "creditAmount" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "paymentMethod" TEXT,
    "paymentUrl" TEXT,
    "duitkuData" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_configs" (
    "id" TEXT NOT NULL,
    "toolId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tool_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "apps" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "icon" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "beta" BOOLEAN NOT NULL DEFAULT false,
    "comingSoon" BOOLEAN NOT NULL DEFAULT false,
    "creditCostBase" INTEGER NOT NULL DEFAULT 1,
    "requiresSubscription" BOOLEAN NOT NULL DEFAULT false,
    "minSubscriptionTier" TEXT,
    "version" TEXT NOT NULL DEFAULT '1.0.0',
    "totalUsage" INTEGER NOT NULL DEFAULT 0,
    "activeUsers" INTEGER NOT NULL DEFAULT 0,
    "dashboardOrder" INTEGER NOT NULL DEFAULT 0,
    "dashboardColor" TEXT NOT NULL DEFAULT 'blue',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_usages" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "creditUsed" INTEGER NOT NULL,
    "metadata" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_usages_pkey" PRIMARY KEY ("id")
);

-- ---- 1.2 Video Mixer ----

-- CreateTable
CREATE TABLE "video_mixer_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "video_mixer_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_mixer_groups" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "video_mixer_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_mixer_videos" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "groupId" TEXT,
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "duration" DOUBLE PRECISION NOT NULL,
    "mimeType" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "video_mixer_videos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_mixer_generations" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "totalVideos" INTEGER NOT NULL,
    "settings" TEXT NOT NULL,
    "creditUsed" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "outputPaths" TEXT,
    "estimatedDuration" DOUBLE PRECISION,
    "enableOrderMixing" BOOLEAN NOT NULL DEFAULT true,
    "enableDifferentStart" BOOLEAN NOT NULL DEFAULT false,
    "fixedStartVideoId" TEXT,
    "enableGroupMixing" BOOLEAN NOT NULL DEFAULT false,
    "groupMixingMode" TEXT NOT NULL DEFAULT 'sequential',
    "enableSpeedVariations" BOOLEAN NOT NULL DEFAULT false,
    "speedMin" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "speedMax" DOUBLE PRECISION NOT NULL DEFAULT 2.0,
    "metadataSource" TEXT NOT NULL DEFAULT 'capcut',
    "videoBitrate" TEXT NOT NULL DEFAULT 'medium',
    "videoResolution" TEXT NOT NULL DEFAULT '720p',
    "frameRate" INTEGER NOT NULL DEFAULT 30,
    "aspectRatio" TEXT NOT NULL DEFAULT '16:9',
    "durationType" TEXT NOT NULL DEFAULT 'original',
    "fixedDuration" INTEGER,
    "smartDistribution" BOOLEAN NOT NULL DEFAULT false,
    "distributionMode" TEXT NOT NULL DEFAULT 'proportional',
    "audioOption" TEXT NOT NULL DEFAULT 'keep',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "video_mixer_generations_pkey" PRIMARY KEY ("id")
);

-- ---- 1.3 Carousel Mix ----

-- CreateTable
CREATE TABLE "carousel_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "defaultNumSlides" INTEGER NOT NULL DEFAULT 4,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "carousel_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "carousel_slides" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "slidePosition" INTEGER NOT NULL DEFAULT 1,
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "fileType" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "thumbnail" TEXT,
    "order" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carousel_slides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "carousel_texts" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "slidePosition" INTEGER NOT NULL DEFAULT 1,
    "content" TEXT NOT NULL,
    "order" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carousel_texts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "carousel_position_settings" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "slidePosition" INTEGER NOT NULL,
    "fontFamily" TEXT NOT NULL DEFAULT 'Inter',
    "fontSize" INTEGER NOT NULL DEFAULT 32,
    "fontSizePercent" DOUBLE PRECISION NOT NULL DEFAULT 4.5,
    "fontColor" TEXT NOT NULL DEFAULT '#FFFFFF',
    "fontWeight" INTEGER NOT NULL DEFAULT 700,
    "backgroundColor" TEXT NOT NULL DEFAULT 'rgba(0, 0, 0, 0.5)',
    "textPosition" TEXT NOT NULL DEFAULT 'center',
    "textAlignment" TEXT NOT NULL DEFAULT 'center',
    "positionX" INTEGER NOT NULL DEFAULT 50,
    "positionY" INTEGER NOT NULL DEFAULT 50,
    "textShadow" TEXT,
    "textOutline" TEXT,
    "paddingData" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "carousel_position_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "carousel_generations" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "numSlides" INTEGER NOT NULL,
    "numSetsGenerated" INTEGER NOT NULL,
    "creditUsed" INTEGER NOT NULL,
    "textVariationAlgo" TEXT DEFAULT 'sequential',
    "textVariationSettings" TEXT,
    "outputPath" TEXT,
    "outputPaths" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "carousel_generations_pkey" PRIMARY KEY ("id")
);

-- ---- 1.4 Looping Flow ----

-- CreateTable
CREATE TABLE "looping_flow_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "looping_flow_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "looping_flow_videos" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "duration" DOUBLE PRECISION NOT NULL,
    "mimeType" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "looping_flow_videos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "looping_flow_generations" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "videoId" TEXT NOT NULL,
    "targetDuration" INTEGER NOT NULL,
    "creditUsed" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "outputPath" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "loopStyle" TEXT NOT NULL DEFAULT 'crossfade',
    "crossfadeDuration" DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    "audioCrossfade" BOOLEAN NOT NULL DEFAULT true,
    "videoCrossfade" BOOLEAN NOT NULL DEFAULT true,
    "audioLayers" TEXT,
    "masterVolume" DOUBLE PRECISION NOT NULL DEFAULT 100,
    "audioFadeIn" DOUBLE PRECISION NOT NULL DEFAULT 2.0,
    "audioFadeOut" DOUBLE PRECISION NOT NULL DEFAULT 2.0,
    "muteOriginal" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "looping_flow_generations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "looping_flow_audio_layers" (
    "id" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "layerIndex" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "duration" DOUBLE PRECISION NOT NULL,
    "volume" DOUBLE PRECISION NOT NULL DEFAULT 100,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "fadeIn" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "fadeOut" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "looping_flow_audio_layers_pkey" PRIMARY KEY ("id")
);

-- ---- 1.5 AI models and subscriptions ----

-- CreateTable
CREATE TABLE "ai_models" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "provider" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "beta" BOOLEAN NOT NULL DEFAULT false,
    "creditCost" INTEGER NOT NULL,
    "creditPerSecond" DOUBLE PRECISION,
    "creditPerPixel" DOUBLE PRECISION,
    "quotaCost" INTEGER NOT NULL DEFAULT 1,
    "capabilities" TEXT,
    "totalUsage" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ai_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_plans" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "price" DOUBLE PRECISION NOT NULL,
    "billingCycle" TEXT NOT NULL,
    "dailyQuota" INTEGER NOT NULL,
    "monthlyQuota" INTEGER,
    "maxModelTier" TEXT NOT NULL,
    "features" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "displayOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subscription_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3) NOT NULL,
    "billingCycle" TEXT NOT NULL,
    "autoRenew" BOOLEAN NOT NULL DEFAULT true,
    "nextBillingDate" TIMESTAMP(3),
    "lastPaymentId" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quota_usages" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "quotaType" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "quotaLimit" INTEGER NOT NULL,
    "modelBreakdown" TEXT,
    "resetAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "quota_usages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_usages" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "modelKey" TEXT NOT NULL,
    "usageType" TEXT NOT NULL,
    "creditUsed" INTEGER,
    "quotaUsed" INTEGER,
    "action" TEXT NOT NULL,
    "metadata" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_usages_pkey" PRIMARY KEY ("id")
);

-- ---- 1.6 Avatar Creator ----

-- CreateTable
CREATE TABLE "avatar_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "avatar_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatars" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseImageUrl" TEXT NOT NULL,
    "thumbnailUrl" TEXT,
    "personaName" TEXT,
    "personaAge" INTEGER,
    "personaPersonality" TEXT,
    "personaBackground" TEXT,
    "gender" TEXT,
    "ageRange" TEXT,
    "ethnicity" TEXT,
    "bodyType" TEXT,
    "hairStyle" TEXT,
    "hairColor" TEXT,
    "eyeColor" TEXT,
    "skinTone" TEXT,
    "style" TEXT,
    "sourceType" TEXT NOT NULL,
    "generationPrompt" TEXT,
    "seedUsed" INTEGER,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "avatars_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatar_presets" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "previewImageUrl" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "personaTemplate" TEXT NOT NULL,
    "visualAttributes" TEXT NOT NULL,
    "generationPrompt" TEXT NOT NULL,
    "isPublic" BOOLEAN NOT NULL DEFAULT true,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "avatar_presets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "persona_examples" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "personaName" TEXT NOT NULL,
    "personaAge" INTEGER NOT NULL,
    "personaPersonality" TEXT NOT NULL,
    "personaBackground" TEXT NOT NULL,
    "suggestedAttributes" TEXT,
    "displayOrder" INTEGER NOT NULL DEFAULT 0,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "persona_examples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatar_usage_history" (
    "id" TEXT NOT NULL,
    "avatarId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "referenceId" TEXT,
    "referenceType" TEXT,
    "metadata" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "avatar_usage_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatar_generations" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "avatarId" TEXT,
    "projectId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "prompt" TEXT NOT NULL,
    "options" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "avatar_generations_pkey" PRIMARY KEY ("id")
);

-- ---- Unique indexes (the 13 @unique / @@unique; the @@index lines are V2's) ----

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions"("token");

-- CreateIndex
CREATE UNIQUE INDEX "devices_userId_deviceId_key" ON "devices"("userId", "deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "payments_merchantOrderId_key" ON "payments"("merchantOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "payments_reference_key" ON "payments"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "tool_configs_toolId_key" ON "tool_configs"("toolId");

-- CreateIndex
CREATE UNIQUE INDEX "apps_appId_key" ON "apps"("appId");

-- CreateIndex
CREATE UNIQUE INDEX "carousel_position_settings_projectId_slidePosition_key" ON "carousel_position_settings"("projectId", "slidePosition");

-- CreateIndex
CREATE UNIQUE INDEX "ai_models_modelKey_key" ON "ai_models"("modelKey");

-- CreateIndex
CREATE UNIQUE INDEX "ai_models_appId_modelId_key" ON "ai_models"("appId", "modelId");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_plans_planId_key" ON "subscription_plans"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_userId_key" ON "subscriptions"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "quota_usages_userId_period_quotaType_key" ON "quota_usages"("userId", "period", "quotaType");

-- ---- Foreign keys (the 22 declared relations; every one ON UPDATE CASCADE) ----

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credits" ADD CONSTRAINT "credits_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_usages" ADD CONSTRAINT "app_usages_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_mixer_groups" ADD CONSTRAINT "video_mixer_groups_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "video_mixer_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_mixer_videos" ADD CONSTRAINT "video_mixer_videos_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "video_mixer_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_mixer_videos" ADD CONSTRAINT "video_mixer_videos_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "video_mixer_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_mixer_generations" ADD CONSTRAINT "video_mixer_generations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "video_mixer_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "carousel_slides" ADD CONSTRAINT "carousel_slides_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "carousel_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "carousel_texts" ADD CONSTRAINT "carousel_texts_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "carousel_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "carousel_position_settings" ADD CONSTRAINT "carousel_position_settings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "carousel_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "carousel_generations" ADD CONSTRAINT "carousel_generations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "carousel_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "looping_flow_videos" ADD CONSTRAINT "looping_flow_videos_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "looping_flow_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "looping_flow_generations" ADD CONSTRAINT "looping_flow_generations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "looping_flow_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "looping_flow_audio_layers" ADD CONSTRAINT "looping_flow_audio_layers_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "looping_flow_generations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_planId_fkey" FOREIGN KEY ("planId") REFERENCES "subscription_plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quota_usages" ADD CONSTRAINT "quota_usages_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_usages" ADD CONSTRAINT "model_usages_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_usages" ADD CONSTRAINT "model_usages_modelKey_fkey" FOREIGN KEY ("modelKey") REFERENCES "ai_models"("modelKey") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avatars" ADD CONSTRAINT "avatars_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "avatar_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avatar_usage_history" ADD CONSTRAINT "avatar_usage_history_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "avatars"("id") ON DELETE CASCADE ON UPDATE CASCADE;
