package com.lumiku.worker.schema;

import java.util.stream.Stream;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The 26 CHECK constraints (see docs/lumiku-app.md#check-constraints) exist, are
 * validated, and each rejects a bad row with its own name in the error; the values the
 * app legitimately writes still pass.
 */
@Tag("schema")
class CheckConstraintsTest {

	private static TestDatabase database;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void prepare() {
		database = MigratedDatabases.fresh("checks");
		jdbc = new JdbcTemplate(database.dataSource());
		TestRows.user("cu1").email("owner@check.test").insert(jdbc);
		jdbc.execute(
				"""
						INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota", "maxModelTier", "updatedAt")
						  VALUES ('cp1', 'basic-monthly', 'basic', 'Basic', 99000, 'monthly', 50, 'basic', now());
						INSERT INTO ai_models (id, "appId", "modelId", "modelKey", name, provider, tier, "creditCost", "updatedAt")
						  VALUES ('cm1', 'video-generator', 'veo2', 'video-generator:veo2', 'Veo 2', 'edenai', 'basic', 10, now());
						INSERT INTO video_mixer_projects (id, "userId", name, "updatedAt") VALUES ('cvp', 'cu1', 'p', now());
						INSERT INTO carousel_projects (id, "userId", name, "updatedAt") VALUES ('ccp', 'cu1', 'p', now());
						INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt") VALUES ('clp', 'cu1', 'p', now());
						""");
	}

	/** A user row to try, one column at a time. */
	private static TestRows.Row user(String suffix) {
		return TestRows.user("cu-" + suffix).email(suffix + "@check.test");
	}

	@AfterAll
	static void drop() {
		PostgresServer.get().dropDatabase(database);
	}

	static Stream<Arguments> badRows() {
		String credit = "INSERT INTO credits (id, \"userId\", amount, balance, type) VALUES ('cc-%s', 'cu1', %s, %s, %s)";
		String payment = "INSERT INTO payments (id, \"userId\", \"merchantOrderId\", reference, amount, \"creditAmount\", status, \"updatedAt\") VALUES ('cpay-%1$s', 'cu1', 'ORDER-%1$s', 'REF-%1$s', %2$s, %3$s, %4$s, now())";
		String mixer = "INSERT INTO video_mixer_generations (id, \"projectId\", \"userId\", \"totalVideos\", settings, \"creditUsed\", status, \"frameRate\", \"updatedAt\") VALUES ('cg-%s', 'cvp', 'cu1', 1, '{}', 1, %s, %s, now())";
		String carousel = "INSERT INTO carousel_generations (id, \"projectId\", \"userId\", status, \"numSlides\", \"numSetsGenerated\", \"creditUsed\") VALUES ('cg-%s', 'ccp', 'cu1', %s, %s, 1, 1)";
		String looping = "INSERT INTO looping_flow_generations (id, \"projectId\", \"userId\", \"videoId\", \"targetDuration\", \"creditUsed\", status) VALUES ('cg-%s', 'clp', 'cu1', 'v', 30, 1, %s)";
		String avatar = "INSERT INTO avatar_generations (id, \"userId\", \"projectId\", status, prompt) VALUES ('cg-%s', 'cu1', 'p', %s, 'x')";
		String subscription = "INSERT INTO subscriptions (id, \"userId\", \"planId\", status, \"startDate\", \"endDate\", \"billingCycle\", \"updatedAt\") VALUES ('cs-%s', 'cu1', 'cp1', %s, '2025-01-01', %s, %s, now())";
		String quota = "INSERT INTO quota_usages (id, \"userId\", \"quotaType\", period, \"usageCount\", \"quotaLimit\", \"resetAt\", \"updatedAt\") VALUES ('cq-%s', 'cu1', %s, '2025-01-01', %s, %s, now(), now())";
		String modelUsage = "INSERT INTO model_usages (id, \"userId\", \"appId\", \"modelKey\", \"usageType\", action) VALUES ('cmu-%s', 'cu1', 'video-generator', 'video-generator:veo2', %s, 'generate')";
		String model = "INSERT INTO ai_models (id, \"appId\", \"modelId\", \"modelKey\", name, provider, tier, \"creditCost\", \"quotaCost\", \"updatedAt\") VALUES ('cm-%1$s', 'a', '%1$s', 'a:%1$s', 'n', 'p', %2$s, %3$s, 1, now())";
		String plan = "INSERT INTO subscription_plans (id, \"planId\", tier, name, price, \"billingCycle\", \"dailyQuota\", \"monthlyQuota\", \"maxModelTier\", \"updatedAt\") VALUES ('cp-%1$s', '%1$s', %2$s, 'n', 1, %3$s, %4$s, NULL, 'basic', now())";
		return Stream.of(arguments("chk_users_role", user("r").set("role", "superuser").sql()),
				arguments("chk_users_account_type", user("a").set("accountType", "trial").sql()),
				arguments("chk_users_subscription_tier", user("t").set("subscriptionTier", "gold").sql()),
				arguments("chk_users_storage_quota_positive", user("q").set("storageQuota", 0).sql()),
				arguments("chk_users_storage_used_non_negative", user("u").set("storageUsed", -1).sql()),
				arguments("chk_users_storage_within_quota",
						user("w").set("storageQuota", 100).set("storageUsed", 201).sql()),
				arguments("chk_credits_type", credit.formatted("t", "10", "10", "'gift'")),
				arguments("chk_payments_status", payment.formatted("s", "1000", "10", "'refunded'")),
				arguments("chk_payments_amount_positive", payment.formatted("a", "0", "10", "'pending'")),
				arguments("chk_video_mixer_gen_status", mixer.formatted("m", "'done'", "30")),
				arguments("chk_carousel_gen_status", carousel.formatted("c", "'done'", "4")),
				arguments("chk_looping_flow_gen_status", looping.formatted("l", "'done'")),
				arguments("chk_avatar_gen_status", avatar.formatted("a", "'done'")),
				arguments("chk_carousel_num_slides", carousel.formatted("n", "'pending'", "3")),
				arguments("chk_video_mixer_frame_rate", mixer.formatted("f", "'pending'", "25")),
				arguments("chk_subscriptions_status",
						subscription.formatted("s", "'paused'", "'2025-02-01'", "'monthly'")),
				arguments("chk_subscriptions_billing_cycle",
						subscription.formatted("b", "'active'", "'2025-02-01'", "'weekly'")),
				arguments("chk_subscriptions_dates",
						subscription.formatted("d", "'active'", "'2025-01-01'", "'monthly'")),
				arguments("chk_quota_type", quota.formatted("t", "'weekly'", "0", "10")),
				arguments("chk_quota_limits", quota.formatted("l", "'daily'", "0", "0")),
				arguments("chk_model_usage_type", modelUsage.formatted("t", "'free'")),
				arguments("chk_ai_models_tier", model.formatted("t", "'gold'", "1")),
				arguments("chk_ai_models_costs", model.formatted("c", "'free'", "-1")),
				arguments("chk_subscription_plans_tier", plan.formatted("t", "'gold'", "'monthly'", "1")),
				arguments("chk_subscription_plans_billing", plan.formatted("b", "'basic'", "'weekly'", "1")),
				arguments("chk_subscription_plans_quotas", plan.formatted("q", "'basic'", "'monthly'", "0")));
	}

	@ParameterizedTest(name = "{0} rejects a bad row")
	@MethodSource("badRows")
	void each_check_constraint_rejects_a_bad_row_and_names_itself(String constraint, String insert) {
		assertThatThrownBy(() -> jdbc.update(insert)).isInstanceOf(DataIntegrityViolationException.class)
			.hasMessageContaining("violates check constraint \"" + constraint + "\"");
	}

	@Test
	void all_26_check_constraints_exist_and_are_validated() {
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conname LIKE 'chk\\_%' AND convalidated",
				Integer.class))
			.isEqualTo(26);
		assertThat(badRows()).hasSize(26);
	}

	@Test
	void a_user_with_the_default_one_gib_quota_is_accepted_despite_int4_overflow_of_twice_the_quota() {
		assertThatCode(() -> user("ok").set("role", "user").insert(jdbc)).doesNotThrowAnyException();
	}

	@Test
	void values_the_lumiku_app_writes_are_accepted() {
		assertThatCode(() -> {
			jdbc.update(String.format(
					"INSERT INTO looping_flow_generations (id, \"projectId\", \"userId\", \"videoId\", \"targetDuration\", \"creditUsed\", status) VALUES ('%s', 'clp', 'cu1', 'v', 30, 1, 'cancelled')",
					"cg-cancelled"));
			jdbc.update(
					"INSERT INTO credits (id, \"userId\", amount, balance, type) VALUES ('cc-grant', 'cu1', 5, 5, 'admin_grant')");
			jdbc.update(
					"INSERT INTO avatar_generations (id, \"userId\", \"projectId\", status, prompt) VALUES ('cg-av-cancel', 'cu1', 'p', 'cancelled', 'x')");
		}).doesNotThrowAnyException();
	}

}
