package com.lumiku.worker.seed;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.TestRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * seed/demo.sql: the optimization report's test world with its bugs fixed (see
 * docs/lumiku-app.md#demo-world), loaded idempotently, without touching anyone else's
 * rows. Tagged schema so it also runs on PostgreSQL 15, the version the Lumiku app ran.
 */
@Tag("schema")
class DemoSeedTest {

	private SeedFixture fixture;

	@BeforeEach
	void createDatabase() {
		this.fixture = new SeedFixture(MigratedDatabases.fresh("demo-seed"));
	}

	@AfterEach
	void dropDatabase() {
		this.fixture.close();
	}

	@Test
	void the_demo_world_has_the_fact_sheet_counts_plus_the_worker_demo_rows() {
		String summary = this.fixture.demo.seed();

		assertThat(summary).contains("users=11", "subscription_plans=4", "ai_models=7", "apps=4");
		Map<String, Long> expected = Map.ofEntries(Map.entry("users", 11L), Map.entry("subscription_plans", 4L),
				Map.entry("ai_models", 7L), Map.entry("apps", 4L), Map.entry("subscriptions", 9L),
				Map.entry("avatar_presets", 2L), Map.entry("avatar_projects", 2L), Map.entry("avatars", 2L),
				Map.entry("video_mixer_projects", 2L), Map.entry("video_mixer_videos", 4L),
				Map.entry("carousel_slides", 4L), Map.entry("carousel_texts", 5L), Map.entry("looping_flow_videos", 3L),
				Map.entry("model_usages", 4L), Map.entry("payments", 5L), Map.entry("credits", 16L),
				Map.entry("quota_usages", 5L), Map.entry("sessions", 5L));
		expected.forEach((table, rows) -> assertThat(this.fixture.count("SELECT count(*) FROM " + table)).as(table)
			.isEqualTo(rows));
		assertThat(this.fixture.count("SELECT count(*) FROM users WHERE email LIKE '%@lumiku.test'")).isEqualTo(6);
	}

	@Test
	void the_report_seeds_bugs_are_fixed() {
		this.fixture.demo.seed();

		assertThat(this.fixture.jdbc.queryForList(
				"""
						SELECT s."userId" || '->' || p."planId" FROM subscriptions s JOIN subscription_plans p ON p.id = s."planId"
						WHERE s."userId" LIKE 'demo-user-%' ORDER BY s."userId\"""",
				String.class))
			.containsExactly("demo-user-3->basic-monthly", "demo-user-4->pro-monthly",
					"demo-user-5->enterprise-monthly", "demo-user-6->enterprise-monthly");
		assertThat(this.fixture.jdbc.queryForMap(
				"SELECT \"storageQuota\", \"storageUsed\" FROM users WHERE email = 'sub-enterprise@lumiku.test'"))
			.containsEntry("storageQuota", Integer.MAX_VALUE)
			.containsEntry("storageUsed", 1610612736);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM credits c JOIN payments p ON p.id = c."paymentId" AND p."userId" = c."userId"
				 AND p.status = 'success' AND p."creditAmount" = c.amount WHERE c.type = 'purchase'"""))
			.as("each successful payment has its purchase row")
			.isEqualTo(2);
		assertThat(this.fixture.jdbc.queryForObject(
				"SELECT balance FROM credits WHERE \"userId\" = 'demo-user-2' ORDER BY \"createdAt\" DESC, id DESC LIMIT 1",
				Integer.class))
			.isEqualTo(1133);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM model_usages u JOIN ai_models m ON m."modelKey" = u."modelKey"
				WHERE u."usageType" = 'quota' AND u."quotaUsed" <> m."quotaCost\"""")).isZero();
		assertThat(this.fixture.brokenLedgers()).isEmpty();
	}

	@Test
	void the_worker_jobs_find_work_in_the_demo() {
		this.fixture.demo.seed();

		for (String table : SeedFixture.GENERATION_TABLES) {
			assertThat(this.fixture.count("SELECT count(*) FROM " + table + " WHERE status = 'pending'")).as(table)
				.isPositive();
		}
		assertThat(this.fixture.count("SELECT count(*) FROM sessions WHERE \"expiresAt\" < timezone('UTC', now())"))
			.isEqualTo(3);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM payments
				WHERE status = 'pending' AND "createdAt" < timezone('UTC', now()) - interval '24 hours'"""))
			.isPositive();
		assertThat(this.fixture.jdbc.queryForList(
				"SELECT \"userId\" FROM subscriptions WHERE status = 'active' AND \"endDate\" < timezone('UTC', now())"
						+ " AND \"userId\" LIKE 'demo-user-%'",
				String.class))
			.containsExactly("demo-user-3");
	}

	@Test
	void running_it_again_changes_nothing() {
		this.fixture.demo.seed();
		Map<String, String> afterFirstRun = this.fixture.snapshot();

		this.fixture.demo.seed();

		assertThat(this.fixture.snapshot()).isEqualTo(afterFirstRun);
	}

	@Test
	void rows_of_other_users_survive_untouched() {
		LocalDateTime october = LocalDateTime.parse("2025-10-01T08:00:00");
		TestRows.user("ckforeignuser0000000000001")
			.email("real.customer@example.com")
			.name("Real Customer")
			.updatedAt(october)
			.createdAt(october)
			.insert(this.fixture.jdbc);
		TestRows.credit("ckforeigncredit00000000001", "ckforeignuser0000000000001")
			.createdAt(october)
			.insert(this.fixture.jdbc);
		TestRows.session("ckforeignsession0000000001", "ckforeignuser0000000000001")
			.set("token", "real-token")
			.expiresAt(october.plusDays(7))
			.createdAt(october)
			.insert(this.fixture.jdbc);
		this.fixture.jdbc.execute("""
				INSERT INTO payments (id, "userId", "merchantOrderId", reference, amount, "creditAmount", status,
				                      "createdAt", "updatedAt")
				  VALUES ('ckforeignpayment0000000001', 'ckforeignuser0000000000001', 'ORDER-REAL-1', 'DUITKU-REAL-1',
				          100000, 1000, 'pending', '2025-10-01 08:00:00', '2025-10-01 08:00:00');
				""");
		Map<String, List<String>> before = foreignRows();

		this.fixture.demo.seed();

		assertThat(foreignRows()).isEqualTo(before).allSatisfy((table, rows) -> assertThat(rows).hasSize(1));
		assertThat(before.get("users")).containsExactly(
				"(ckforeignuser0000000000001,real.customer@example.com,x,\"Real Customer\",user,1073741824,0,"
						+ "payg,free,,\"2025-10-01 08:00:00\",\"2025-10-01 08:00:00\")");
		assertThat(this.fixture.count("SELECT count(*) FROM users")).isEqualTo(12);
	}

	private Map<String, List<String>> foreignRows() {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		for (String table : List.of("users", "credits", "payments", "sessions")) {
			rows.put(table, this.fixture.jdbc
				.queryForList("SELECT t::text FROM " + table + " t WHERE t.id LIKE 'ckforeign%'", String.class));
		}
		return rows;
	}

	@Test
	void the_ledger_invariant_query_reports_a_broken_chain() {
		this.fixture.demo.seed();
		assertThat(this.fixture.brokenLedgers()).isEmpty();

		this.fixture.jdbc.update("""
				INSERT INTO credits (id, "userId", amount, balance, type, "createdAt")
				VALUES ('broken-1', 'demo-user-1', -10, 100, 'usage', timezone('UTC', now()))""");

		assertThat(this.fixture.brokenLedgers()).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("user_id", "demo-user-1")
				.containsEntry("broken_rows", 1L)
				.containsEntry("newest_balance", 100));
	}

}
