-- The 26 CHECK constraints the database optimization report meant to add (its cleanup.sql, Part 9),
-- made to work: the report's ALTER TABLE ... ADD CONSTRAINT IF NOT EXISTS is a syntax error in
-- PostgreSQL (fact sheet defect D2), so not one of them exists in a Lumiku database. Names and
-- rules are the report's, except where the rule would reject what the app writes or overflow int4
-- (each such deviation is said at the constraint).
--
-- Safe on a big adopted database, and safe to run again (this file is non-transactional, see its
-- .conf, so each statement below is its own transaction):
--   1. Each constraint is added NOT VALID in its own DO block, only if pg_constraint does not
--      already have it on that table (PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS). NOT VALID
--      skips the scan of existing rows, so the ACCESS EXCLUSIVE lock of ADD is held only for a
--      moment; from then on every inserted or updated row is checked.
--   2. Later, each one is validated in a separate statement: VALIDATE CONSTRAINT scans the table
--      under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. If old rows break the rule,
--      the check_violation is caught and turned into a WARNING with the number of bad rows; the
--      constraint stays NOT VALID (still enforced for new rows) and the migration carries on. Fix
--      the rows, then run ALTER TABLE ... VALIDATE CONSTRAINT; v_unvalidated_constraints (V4) lists
--      what is left. Constraints already validated are skipped.
--
-- NULLs: a CHECK passes when its expression is NULL. Every column tested here is NOT NULL, except
-- subscription_plans."monthlyQuota", which is tested explicitly; nullable enum-like columns such as
-- carousel_generations."textVariationAlgo" are deliberately left unconstrained, as in the report.

-- ---- 1. Add each constraint NOT VALID, if absent ----

-- chk_users_role: role is user or admin.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"users"'::regclass
                     AND conname = 'chk_users_role') THEN
        ALTER TABLE "users" ADD CONSTRAINT chk_users_role
            CHECK ("role" IN ('user', 'admin'))
            NOT VALID;
    END IF;
END $$;

-- chk_users_account_type: accountType is payg or subscription.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"users"'::regclass
                     AND conname = 'chk_users_account_type') THEN
        ALTER TABLE "users" ADD CONSTRAINT chk_users_account_type
            CHECK ("accountType" IN ('payg', 'subscription'))
            NOT VALID;
    END IF;
END $$;

-- chk_users_subscription_tier: subscriptionTier is free, basic, pro or enterprise.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"users"'::regclass
                     AND conname = 'chk_users_subscription_tier') THEN
        ALTER TABLE "users" ADD CONSTRAINT chk_users_subscription_tier
            CHECK ("subscriptionTier" IN ('free', 'basic', 'pro', 'enterprise'))
            NOT VALID;
    END IF;
END $$;

-- chk_users_storage_quota_positive: storageQuota is positive.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"users"'::regclass
                     AND conname = 'chk_users_storage_quota_positive') THEN
        ALTER TABLE "users" ADD CONSTRAINT chk_users_storage_quota_positive
            CHECK ("storageQuota" > 0)
            NOT VALID;
    END IF;
END $$;

-- chk_users_storage_used_non_negative: storageUsed is not negative.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"users"'::regclass
                     AND conname = 'chk_users_storage_used_non_negative') THEN
        ALTER TABLE "users" ADD CONSTRAINT chk_users_storage_used_non_negative
            CHECK ("storageUsed" >= 0)
            NOT VALID;
    END IF;
END $$;

-- chk_users_storage_within_quota: storageUsed is at most twice storageQuota.
--   Compared in bigint, unlike the report's int4 "storageUsed" <= "storageQuota" * 2: with the
--   default quota 1073741824 the product is 2^31, which overflows int4, so EVERY insert of a
--   default user would fail with "integer out of range" (checked on PostgreSQL 15.18, where the
--   int4 form raises exactly that for the default row).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"users"'::regclass
                     AND conname = 'chk_users_storage_within_quota') THEN
        ALTER TABLE "users" ADD CONSTRAINT chk_users_storage_within_quota
            CHECK ("storageUsed"::bigint <= 2 * "storageQuota"::bigint)
            NOT VALID;
    END IF;
END $$;

-- chk_credits_type: type is purchase, bonus, usage, refund or admin_grant.
--   The report omits admin_grant, which the dev-head app's credits.service.ts writes (sheet
--   defect D13).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"credits"'::regclass
                     AND conname = 'chk_credits_type') THEN
        ALTER TABLE "credits" ADD CONSTRAINT chk_credits_type
            CHECK ("type" IN ('purchase', 'bonus', 'usage', 'refund', 'admin_grant'))
            NOT VALID;
    END IF;
END $$;

-- chk_payments_status: status is pending, success, failed or expired.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"payments"'::regclass
                     AND conname = 'chk_payments_status') THEN
        ALTER TABLE "payments" ADD CONSTRAINT chk_payments_status
            CHECK ("status" IN ('pending', 'success', 'failed', 'expired'))
            NOT VALID;
    END IF;
END $$;

-- chk_payments_amount_positive: amount (IDR) and creditAmount are both positive.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"payments"'::regclass
                     AND conname = 'chk_payments_amount_positive') THEN
        ALTER TABLE "payments" ADD CONSTRAINT chk_payments_amount_positive
            CHECK ("amount" > 0 AND "creditAmount" > 0)
            NOT VALID;
    END IF;
END $$;

-- chk_video_mixer_gen_status: status is pending, processing, completed, failed or cancelled.
--   The report omits cancelled, which the worker will write when it cancels a generation (D13;
--   today only Looping Flow's app does).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"video_mixer_generations"'::regclass
                     AND conname = 'chk_video_mixer_gen_status') THEN
        ALTER TABLE "video_mixer_generations" ADD CONSTRAINT chk_video_mixer_gen_status
            CHECK ("status" IN ('pending', 'processing', 'completed', 'failed', 'cancelled'))
            NOT VALID;
    END IF;
END $$;

-- chk_carousel_gen_status: status is pending, processing, completed, failed or cancelled.
--   The report omits cancelled, which the worker will write when it cancels a generation (D13;
--   today only Looping Flow's app does).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"carousel_generations"'::regclass
                     AND conname = 'chk_carousel_gen_status') THEN
        ALTER TABLE "carousel_generations" ADD CONSTRAINT chk_carousel_gen_status
            CHECK ("status" IN ('pending', 'processing', 'completed', 'failed', 'cancelled'))
            NOT VALID;
    END IF;
END $$;

-- chk_looping_flow_gen_status: status is pending, processing, completed, failed or cancelled.
--   The report omits cancelled, which the app's POST /generations/:id/cancel writes, and the
--   worker will too (D13).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"looping_flow_generations"'::regclass
                     AND conname = 'chk_looping_flow_gen_status') THEN
        ALTER TABLE "looping_flow_generations" ADD CONSTRAINT chk_looping_flow_gen_status
            CHECK ("status" IN ('pending', 'processing', 'completed', 'failed', 'cancelled'))
            NOT VALID;
    END IF;
END $$;

-- chk_avatar_gen_status: status is pending, processing, completed, failed or cancelled.
--   The report omits cancelled, which the worker will write when it cancels a generation (D13;
--   today only Looping Flow's app does).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"avatar_generations"'::regclass
                     AND conname = 'chk_avatar_gen_status') THEN
        ALTER TABLE "avatar_generations" ADD CONSTRAINT chk_avatar_gen_status
            CHECK ("status" IN ('pending', 'processing', 'completed', 'failed', 'cancelled'))
            NOT VALID;
    END IF;
END $$;

-- chk_carousel_num_slides: numSlides is 2, 4, 6 or 8.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"carousel_generations"'::regclass
                     AND conname = 'chk_carousel_num_slides') THEN
        ALTER TABLE "carousel_generations" ADD CONSTRAINT chk_carousel_num_slides
            CHECK ("numSlides" IN (2, 4, 6, 8))
            NOT VALID;
    END IF;
END $$;

-- chk_video_mixer_frame_rate: frameRate is 24, 30 or 60.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"video_mixer_generations"'::regclass
                     AND conname = 'chk_video_mixer_frame_rate') THEN
        ALTER TABLE "video_mixer_generations" ADD CONSTRAINT chk_video_mixer_frame_rate
            CHECK ("frameRate" IN (24, 30, 60))
            NOT VALID;
    END IF;
END $$;

-- chk_subscriptions_status: status is active, cancelled, expired, grace_period or suspended.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"subscriptions"'::regclass
                     AND conname = 'chk_subscriptions_status') THEN
        ALTER TABLE "subscriptions" ADD CONSTRAINT chk_subscriptions_status
            CHECK ("status" IN ('active', 'cancelled', 'expired', 'grace_period', 'suspended'))
            NOT VALID;
    END IF;
END $$;

-- chk_subscriptions_billing_cycle: billingCycle is monthly or yearly.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"subscriptions"'::regclass
                     AND conname = 'chk_subscriptions_billing_cycle') THEN
        ALTER TABLE "subscriptions" ADD CONSTRAINT chk_subscriptions_billing_cycle
            CHECK ("billingCycle" IN ('monthly', 'yearly'))
            NOT VALID;
    END IF;
END $$;

-- chk_subscriptions_dates: endDate is after startDate.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"subscriptions"'::regclass
                     AND conname = 'chk_subscriptions_dates') THEN
        ALTER TABLE "subscriptions" ADD CONSTRAINT chk_subscriptions_dates
            CHECK ("endDate" > "startDate")
            NOT VALID;
    END IF;
END $$;

-- chk_quota_type: quotaType is daily or monthly.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"quota_usages"'::regclass
                     AND conname = 'chk_quota_type') THEN
        ALTER TABLE "quota_usages" ADD CONSTRAINT chk_quota_type
            CHECK ("quotaType" IN ('daily', 'monthly'))
            NOT VALID;
    END IF;
END $$;

-- chk_quota_limits: 0 < quotaLimit, and 0 <= usageCount <= 2 * quotaLimit.
--   Compared in bigint for the same reason as chk_users_storage_within_quota: the report's int4
--   "quotaLimit" * 2 raises "integer out of range" for any quotaLimit above 1073741823.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"quota_usages"'::regclass
                     AND conname = 'chk_quota_limits') THEN
        ALTER TABLE "quota_usages" ADD CONSTRAINT chk_quota_limits
            CHECK ("quotaLimit" > 0
                  AND "usageCount" >= 0
                  AND "usageCount"::bigint <= 2 * "quotaLimit"::bigint)
            NOT VALID;
    END IF;
END $$;

-- chk_model_usage_type: usageType is credit (PAYG) or quota (subscription).
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"model_usages"'::regclass
                     AND conname = 'chk_model_usage_type') THEN
        ALTER TABLE "model_usages" ADD CONSTRAINT chk_model_usage_type
            CHECK ("usageType" IN ('credit', 'quota'))
            NOT VALID;
    END IF;
END $$;

-- chk_ai_models_tier: tier is free, basic, pro or enterprise.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"ai_models"'::regclass
                     AND conname = 'chk_ai_models_tier') THEN
        ALTER TABLE "ai_models" ADD CONSTRAINT chk_ai_models_tier
            CHECK ("tier" IN ('free', 'basic', 'pro', 'enterprise'))
            NOT VALID;
    END IF;
END $$;

-- chk_ai_models_costs: creditCost and quotaCost are not negative.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"ai_models"'::regclass
                     AND conname = 'chk_ai_models_costs') THEN
        ALTER TABLE "ai_models" ADD CONSTRAINT chk_ai_models_costs
            CHECK ("creditCost" >= 0 AND "quotaCost" >= 0)
            NOT VALID;
    END IF;
END $$;

-- chk_subscription_plans_tier: tier is free, basic, pro or enterprise.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"subscription_plans"'::regclass
                     AND conname = 'chk_subscription_plans_tier') THEN
        ALTER TABLE "subscription_plans" ADD CONSTRAINT chk_subscription_plans_tier
            CHECK ("tier" IN ('free', 'basic', 'pro', 'enterprise'))
            NOT VALID;
    END IF;
END $$;

-- chk_subscription_plans_billing: billingCycle is monthly or yearly.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"subscription_plans"'::regclass
                     AND conname = 'chk_subscription_plans_billing') THEN
        ALTER TABLE "subscription_plans" ADD CONSTRAINT chk_subscription_plans_billing
            CHECK ("billingCycle" IN ('monthly', 'yearly'))
            NOT VALID;
    END IF;
END $$;

-- chk_subscription_plans_quotas: dailyQuota > 0; monthlyQuota is NULL (no monthly cap) or > 0.
DO $$
BEGIN
    SET LOCAL lock_timeout = '10s';  -- never queue long behind the app's transactions
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"subscription_plans"'::regclass
                     AND conname = 'chk_subscription_plans_quotas') THEN
        ALTER TABLE "subscription_plans" ADD CONSTRAINT chk_subscription_plans_quotas
            CHECK ("dailyQuota" > 0 AND ("monthlyQuota" IS NULL OR "monthlyQuota" > 0))
            NOT VALID;
    END IF;
END $$;

-- ---- 2. Validate each constraint, one statement per constraint ----
-- Each block below runs only if the constraint is still NOT VALID, and never fails the migration on
-- existing bad rows: it warns with the count instead (see the header).

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"users"'::regclass
                 AND conname = 'chk_users_role' AND NOT convalidated) THEN
        ALTER TABLE "users" VALIDATE CONSTRAINT chk_users_role;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"users"'::regclass
       AND conname = 'chk_users_role';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_users_role', bad_rows, 'users'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"users"'::regclass
                 AND conname = 'chk_users_account_type' AND NOT convalidated) THEN
        ALTER TABLE "users" VALIDATE CONSTRAINT chk_users_account_type;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"users"'::regclass
       AND conname = 'chk_users_account_type';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_users_account_type', bad_rows, 'users'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"users"'::regclass
                 AND conname = 'chk_users_subscription_tier' AND NOT convalidated) THEN
        ALTER TABLE "users" VALIDATE CONSTRAINT chk_users_subscription_tier;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"users"'::regclass
       AND conname = 'chk_users_subscription_tier';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_users_subscription_tier', bad_rows, 'users'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"users"'::regclass
                 AND conname = 'chk_users_storage_quota_positive' AND NOT convalidated) THEN
        ALTER TABLE "users" VALIDATE CONSTRAINT chk_users_storage_quota_positive;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"users"'::regclass
       AND conname = 'chk_users_storage_quota_positive';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_users_storage_quota_positive', bad_rows, 'users'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"users"'::regclass
                 AND conname = 'chk_users_storage_used_non_negative' AND NOT convalidated) THEN
        ALTER TABLE "users" VALIDATE CONSTRAINT chk_users_storage_used_non_negative;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"users"'::regclass
       AND conname = 'chk_users_storage_used_non_negative';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_users_storage_used_non_negative', bad_rows, 'users'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"users"'::regclass
                 AND conname = 'chk_users_storage_within_quota' AND NOT convalidated) THEN
        ALTER TABLE "users" VALIDATE CONSTRAINT chk_users_storage_within_quota;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"users"'::regclass
       AND conname = 'chk_users_storage_within_quota';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_users_storage_within_quota', bad_rows, 'users'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"credits"'::regclass
                 AND conname = 'chk_credits_type' AND NOT convalidated) THEN
        ALTER TABLE "credits" VALIDATE CONSTRAINT chk_credits_type;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"credits"'::regclass
       AND conname = 'chk_credits_type';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_credits_type', bad_rows, 'credits'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"payments"'::regclass
                 AND conname = 'chk_payments_status' AND NOT convalidated) THEN
        ALTER TABLE "payments" VALIDATE CONSTRAINT chk_payments_status;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"payments"'::regclass
       AND conname = 'chk_payments_status';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_payments_status', bad_rows, 'payments'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"payments"'::regclass
                 AND conname = 'chk_payments_amount_positive' AND NOT convalidated) THEN
        ALTER TABLE "payments" VALIDATE CONSTRAINT chk_payments_amount_positive;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"payments"'::regclass
       AND conname = 'chk_payments_amount_positive';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_payments_amount_positive', bad_rows, 'payments'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"video_mixer_generations"'::regclass
                 AND conname = 'chk_video_mixer_gen_status' AND NOT convalidated) THEN
        ALTER TABLE "video_mixer_generations" VALIDATE CONSTRAINT chk_video_mixer_gen_status;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"video_mixer_generations"'::regclass
       AND conname = 'chk_video_mixer_gen_status';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_video_mixer_gen_status', bad_rows, 'video_mixer_generations'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"carousel_generations"'::regclass
                 AND conname = 'chk_carousel_gen_status' AND NOT convalidated) THEN
        ALTER TABLE "carousel_generations" VALIDATE CONSTRAINT chk_carousel_gen_status;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"carousel_generations"'::regclass
       AND conname = 'chk_carousel_gen_status';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_carousel_gen_status', bad_rows, 'carousel_generations'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"looping_flow_generations"'::regclass
                 AND conname = 'chk_looping_flow_gen_status' AND NOT convalidated) THEN
        ALTER TABLE "looping_flow_generations" VALIDATE CONSTRAINT chk_looping_flow_gen_status;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"looping_flow_generations"'::regclass
       AND conname = 'chk_looping_flow_gen_status';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_looping_flow_gen_status', bad_rows, 'looping_flow_generations'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"avatar_generations"'::regclass
                 AND conname = 'chk_avatar_gen_status' AND NOT convalidated) THEN
        ALTER TABLE "avatar_generations" VALIDATE CONSTRAINT chk_avatar_gen_status;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"avatar_generations"'::regclass
       AND conname = 'chk_avatar_gen_status';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_avatar_gen_status', bad_rows, 'avatar_generations'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"carousel_generations"'::regclass
                 AND conname = 'chk_carousel_num_slides' AND NOT convalidated) THEN
        ALTER TABLE "carousel_generations" VALIDATE CONSTRAINT chk_carousel_num_slides;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"carousel_generations"'::regclass
       AND conname = 'chk_carousel_num_slides';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_carousel_num_slides', bad_rows, 'carousel_generations'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"video_mixer_generations"'::regclass
                 AND conname = 'chk_video_mixer_frame_rate' AND NOT convalidated) THEN
        ALTER TABLE "video_mixer_generations" VALIDATE CONSTRAINT chk_video_mixer_frame_rate;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"video_mixer_generations"'::regclass
       AND conname = 'chk_video_mixer_frame_rate';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_video_mixer_frame_rate', bad_rows, 'video_mixer_generations'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"subscriptions"'::regclass
                 AND conname = 'chk_subscriptions_status' AND NOT convalidated) THEN
        ALTER TABLE "subscriptions" VALIDATE CONSTRAINT chk_subscriptions_status;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"subscriptions"'::regclass
       AND conname = 'chk_subscriptions_status';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_subscriptions_status', bad_rows, 'subscriptions'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"subscriptions"'::regclass
                 AND conname = 'chk_subscriptions_billing_cycle' AND NOT convalidated) THEN
        ALTER TABLE "subscriptions" VALIDATE CONSTRAINT chk_subscriptions_billing_cycle;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"subscriptions"'::regclass
       AND conname = 'chk_subscriptions_billing_cycle';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_subscriptions_billing_cycle', bad_rows, 'subscriptions'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"subscriptions"'::regclass
                 AND conname = 'chk_subscriptions_dates' AND NOT convalidated) THEN
        ALTER TABLE "subscriptions" VALIDATE CONSTRAINT chk_subscriptions_dates;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"subscriptions"'::regclass
       AND conname = 'chk_subscriptions_dates';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_subscriptions_dates', bad_rows, 'subscriptions'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"quota_usages"'::regclass
                 AND conname = 'chk_quota_type' AND NOT convalidated) THEN
        ALTER TABLE "quota_usages" VALIDATE CONSTRAINT chk_quota_type;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"quota_usages"'::regclass
       AND conname = 'chk_quota_type';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_quota_type', bad_rows, 'quota_usages'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"quota_usages"'::regclass
                 AND conname = 'chk_quota_limits' AND NOT convalidated) THEN
        ALTER TABLE "quota_usages" VALIDATE CONSTRAINT chk_quota_limits;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"quota_usages"'::regclass
       AND conname = 'chk_quota_limits';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_quota_limits', bad_rows, 'quota_usages'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"model_usages"'::regclass
                 AND conname = 'chk_model_usage_type' AND NOT convalidated) THEN
        ALTER TABLE "model_usages" VALIDATE CONSTRAINT chk_model_usage_type;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"model_usages"'::regclass
       AND conname = 'chk_model_usage_type';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_model_usage_type', bad_rows, 'model_usages'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"ai_models"'::regclass
                 AND conname = 'chk_ai_models_tier' AND NOT convalidated) THEN
        ALTER TABLE "ai_models" VALIDATE CONSTRAINT chk_ai_models_tier;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"ai_models"'::regclass
       AND conname = 'chk_ai_models_tier';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_ai_models_tier', bad_rows, 'ai_models'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"ai_models"'::regclass
                 AND conname = 'chk_ai_models_costs' AND NOT convalidated) THEN
        ALTER TABLE "ai_models" VALIDATE CONSTRAINT chk_ai_models_costs;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"ai_models"'::regclass
       AND conname = 'chk_ai_models_costs';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_ai_models_costs', bad_rows, 'ai_models'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"subscription_plans"'::regclass
                 AND conname = 'chk_subscription_plans_tier' AND NOT convalidated) THEN
        ALTER TABLE "subscription_plans" VALIDATE CONSTRAINT chk_subscription_plans_tier;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"subscription_plans"'::regclass
       AND conname = 'chk_subscription_plans_tier';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_subscription_plans_tier', bad_rows, 'subscription_plans'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"subscription_plans"'::regclass
                 AND conname = 'chk_subscription_plans_billing' AND NOT convalidated) THEN
        ALTER TABLE "subscription_plans" VALIDATE CONSTRAINT chk_subscription_plans_billing;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"subscription_plans"'::regclass
       AND conname = 'chk_subscription_plans_billing';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_subscription_plans_billing', bad_rows, 'subscription_plans'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;

DO $$
DECLARE
    count_sql text;
    bad_rows  bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '"subscription_plans"'::regclass
                 AND conname = 'chk_subscription_plans_quotas' AND NOT convalidated) THEN
        ALTER TABLE "subscription_plans" VALIDATE CONSTRAINT chk_subscription_plans_quotas;
    END IF;
EXCEPTION WHEN check_violation THEN
    SELECT format('SELECT count(*) FROM %s WHERE NOT (%s)', conrelid::regclass,
                  pg_get_expr(conbin, conrelid))
      INTO count_sql
      FROM pg_constraint
     WHERE conrelid = '"subscription_plans"'::regclass
       AND conname = 'chk_subscription_plans_quotas';
    EXECUTE count_sql INTO bad_rows;
    RAISE WARNING '% left NOT VALID: % existing row(s) of % violate it',
        'chk_subscription_plans_quotas', bad_rows, 'subscription_plans'
        USING HINT = 'New and updated rows are still checked. Fix the old rows, then run '
                     'ALTER TABLE ... VALIDATE CONSTRAINT (v_unvalidated_constraints lists it).';
END $$;
