package com.lumiku.worker.seed;

import java.util.List;

import com.lumiku.worker.testsupport.MigratedDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * seed/scale.sql through ScaleSeeder: two runs of 2,000 synthetic users on top of the
 * demo world, checked for numbering, coverage of every status, the credits ledger and the
 * references the schema does not enforce.
 */
class ScaleSeedTest {

	private static final List<String> GENERATION_STATUSES = List.of("pending", "processing", "completed", "failed",
			"cancelled");

	private static SeedFixture fixture;

	private static String secondRun;

	private static long demoUsers;

	@BeforeAll
	static void seedTwice() {
		fixture = new SeedFixture(MigratedDatabases.fresh("scale-seed"));
		fixture.demo.seed();
		demoUsers = fixture.count("SELECT count(*) FROM users");
		fixture.scale.addUsers(2_000);
		secondRun = fixture.scale.addUsers(2_000);
	}

	@AfterAll
	static void dropDatabase() {
		fixture.close();
	}

	@Test
	void two_runs_add_4000_distinct_users_numbered_consecutively() {
		assertThat(secondRun).startsWith("Added 2000 synthetic users (numbers 2001 to 4000)");
		assertThat(fixture.jdbc.queryForList("""
				SELECT count(DISTINCT id) || ' ' || count(DISTINCT email) || ' ' || min(substring(id FROM 12)::int)
				       || ' ' || max(substring(id FROM 12)::int)
				FROM users WHERE id LIKE 'scale-user-%'""", String.class)).containsExactly("4000 4000 1 4000");
		assertThat(fixture.count("SELECT count(*) FROM users")).as("the demo's users and the 4,000 added")
			.isEqualTo(demoUsers + 4000);
	}

	@Test
	void every_generation_table_holds_every_status() {
		for (String table : SeedFixture.GENERATION_TABLES) {
			assertThat(fixture.jdbc.queryForList(
					"SELECT DISTINCT status FROM " + table + " WHERE id LIKE 'scale-%' ORDER BY status", String.class))
				.as(table)
				.containsExactlyInAnyOrderElementsOf(GENERATION_STATUSES);
		}
		assertThat(fixture.jdbc
			.queryForList("SELECT DISTINCT status FROM payments WHERE id LIKE 'scale-%' ORDER BY status", String.class))
			.containsExactly("expired", "failed", "pending", "success");
		assertThat(fixture.jdbc.queryForList("SELECT DISTINCT type FROM credits WHERE id LIKE 'scale-%' ORDER BY type",
				String.class))
			.containsExactly("bonus", "purchase", "refund", "usage");
	}

	@Test
	void the_jobs_find_stale_rows_of_every_kind() {
		String now = "timezone('UTC', now())";
		assertThat(fixture.count("SELECT count(*) FROM sessions WHERE id LIKE 'scale-%' AND \"expiresAt\" < " + now))
			.isGreaterThan(2000);
		assertThat(fixture.count("SELECT count(*) FROM payments WHERE id LIKE 'scale-%' AND status = 'pending' "
				+ "AND \"createdAt\" < " + now + " - interval '24 hours'"))
			.isPositive();
		assertThat(fixture.jdbc.queryForList("""
				SELECT DISTINCT status || CASE WHEN "endDate" < timezone('UTC', now()) THEN ' past' ELSE ' current' END
				                       || CASE WHEN "autoRenew" THEN ' renewing' ELSE ' ending' END
				FROM subscriptions WHERE id LIKE 'scale-%'""", String.class)).containsExactlyInAnyOrder(
				"active current renewing", "active past renewing", "expired past ending", "active current ending");
		assertThat(fixture.count("SELECT count(*) FROM quota_usages WHERE id LIKE 'scale-%' AND \"resetAt\" <= " + now))
			.isPositive();
	}

	@Test
	void every_ledger_chains_and_no_balance_goes_negative() {
		assertThat(fixture.brokenLedgers()).isEmpty();
		assertThat(fixture.count("SELECT count(*) FROM credits WHERE balance < 0")).isZero();
		assertThat(fixture.count("SELECT count(DISTINCT \"userId\") FROM credits WHERE id LIKE 'scale-%'"))
			.isEqualTo(4000);
		assertThat(fixture.count("""
				SELECT count(*) FROM credits c WHERE c.type = 'usage' AND c.id LIKE 'scale-%'
				AND NOT EXISTS (SELECT 1 FROM app_usages a WHERE a."userId" = c."userId"
				                AND a."createdAt" = c."createdAt" AND a."creditUsed" = -c.amount)"""))
			.as("usage rows without their app_usages row")
			.isZero();
	}

	@Test
	void all_constraints_hold_including_the_references_the_schema_does_not_enforce() {
		assertThat(fixture.count("SELECT count(*) FROM pg_constraint WHERE contype IN ('c', 'f') AND NOT convalidated"))
			.isZero();
		List<String> orphans = List.of("""
				SELECT count(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p."userId")""", """
				SELECT count(*) FROM credits c WHERE c.type = 'purchase' AND NOT EXISTS (SELECT 1 FROM payments p
				WHERE p.id = c."paymentId" AND p.status = 'success' AND p."creditAmount" = c.amount)""", """
				SELECT count(*) FROM looping_flow_generations g
				WHERE NOT EXISTS (SELECT 1 FROM looping_flow_videos v WHERE v.id = g."videoId")""",
				"""
						SELECT count(*) FROM avatar_generations g
						WHERE NOT EXISTS (SELECT 1 FROM avatar_projects p WHERE p.id = g."projectId" AND p."userId" = g."userId")
						   OR (g."avatarId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM avatars a WHERE a.id = g."avatarId"))""",
				"""
						SELECT count(*) FROM video_mixer_generations g
						WHERE NOT EXISTS (SELECT 1 FROM video_mixer_projects p WHERE p.id = g."projectId" AND p."userId" = g."userId")""",
				"""
						SELECT count(*) FROM quota_usages q JOIN users u ON u.id = q."userId"
						WHERE u."accountType" <> 'subscription'""");
		for (String orphan : orphans) {
			assertThat(fixture.count(orphan)).as(orphan).isZero();
		}
	}

}
