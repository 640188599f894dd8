package com.lumiku.worker.subscription;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.lumiku.worker.testsupport.TestRows;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans, subscribers and the money invariants of the subscription tests, on one test
 * class's database.
 */
final class SubscriptionWorld {

	private final JdbcTemplate jdbc;

	SubscriptionWorld(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Empties the worker's subscription tables, the subscriptions and the users. */
	static void reset(JdbcTemplate jdbc) {
		jdbc.execute("""
				TRUNCATE lumiku_worker.subscription_gateway_callback, lumiku_worker.subscription_renewal_closure,
				    lumiku_worker.subscription_status_change, lumiku_worker.subscription_payment,
				    lumiku_worker.subscription_renewal, lumiku_worker.subscription_payment_method""");
		jdbc.update("DELETE FROM subscriptions");
		jdbc.update("DELETE FROM users");
	}

	/** The database's UTC clock, to the millisecond (the app's columns' precision). */
	LocalDateTime now() {
		return this.jdbc.queryForObject("SELECT timezone('UTC', now())", LocalDateTime.class)
			.truncatedTo(ChronoUnit.MILLIS);
	}

	void plan(String id, String cycle, double price, String tier) {
		this.jdbc.update("""
				INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
				    "maxModelTier", "updatedAt")
				VALUES (?, ?, ?, ?, ?, ?, 50, ?, timezone('UTC', now())) ON CONFLICT DO NOTHING
				""", id, id, tier, id, price, cycle, tier);
	}

	/**
	 * A subscribed user {@code u-<id>} with a stored payment method (charged) and
	 * subscription {@code id}, billed at its end date.
	 */
	void subscriber(String id, String planId, String status, LocalDateTime endDate, boolean autoRenew) {
		invoicedSubscriber(id, planId, status, endDate, autoRenew);
		this.jdbc.update("INSERT INTO lumiku_worker.subscription_payment_method (user_id, method) VALUES (?, 'card')",
				"u-" + id);
	}

	/**
	 * A subscriber without a stored payment method: renewals are invoiced.
	 */
	void invoicedSubscriber(String id, String planId, String status, LocalDateTime endDate, boolean autoRenew) {
		String tier = this.jdbc.queryForObject("SELECT tier FROM subscription_plans WHERE id = ?", String.class,
				planId);
		TestRows.user("u-" + id).set("accountType", "subscription").set("subscriptionTier", tier).insert(this.jdbc);
		this.jdbc.update("""
				INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle",
				    "autoRenew", "nextBillingDate", "updatedAt")
				SELECT ?, ?, ?, ?, ?::timestamp - interval '1 month', ?, "billingCycle", ?, ?, timezone('UTC', now())
				FROM subscription_plans WHERE id = ?
				""", id, "u-" + id, planId, status, endDate, endDate, autoRenew, endDate, planId);
	}

	Map<String, Object> subscription(String id) {
		return this.jdbc.queryForMap("SELECT * FROM subscriptions WHERE id = ?", id);
	}

	String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM subscriptions WHERE id = ?", String.class, id);
	}

	LocalDateTime endDate(String id) {
		return this.jdbc.queryForObject("SELECT \"endDate\" FROM subscriptions WHERE id = ?", LocalDateTime.class, id);
	}

	String user(String subscriptionId) {
		return this.jdbc.queryForObject(
				"SELECT \"accountType\" || '/' || \"subscriptionTier\" FROM users WHERE id = (SELECT \"userId\" FROM subscriptions WHERE id = ?)",
				String.class, subscriptionId);
	}

	Map<String, Object> renewal(String subscriptionId) {
		return this.jdbc.queryForMap(
				"SELECT * FROM lumiku_worker.subscription_renewal WHERE subscription_id = ? ORDER BY period_start DESC LIMIT 1",
				subscriptionId);
	}

	long count(String sql, Object... args) {
		return this.jdbc.queryForObject(sql, Long.class, args);
	}

	/**
	 * The order id of a subscription's attempt at the period ending at its end date now.
	 */
	String order(String subscriptionId, int attempt) {
		return this.jdbc.queryForObject(
				"SELECT 'renew-' || id || '-' || to_char(\"endDate\", 'YYYYMMDD\"T\"HH24MISS') || '-' || ? FROM subscriptions WHERE id = ?",
				String.class, attempt, subscriptionId);
	}

	/** The audit trail of a subscription, oldest first: {@code from>to}. */
	java.util.List<String> audit(String subscriptionId) {
		return this.jdbc.queryForList(
				"SELECT from_status || '>' || to_status FROM lumiku_worker.subscription_status_change WHERE subscription_id = ? ORDER BY id",
				String.class, subscriptionId);
	}

	/**
	 * The money invariants, by SQL: at most one successful payment per subscription and
	 * period; every extension or reactivation backed by exactly one successful payment,
	 * applied once; every {@code lastPaymentId} a real successful payment; no empty
	 * reference; each expiry (a downgrade) once per subscription and period.
	 */
	void assertMoneyInvariants() {
		assertThat(count("""
				SELECT count(*) FROM (SELECT r.subscription_id, r.period_start FROM lumiku_worker.subscription_payment p
				    JOIN lumiku_worker.subscription_renewal r ON r.id = p.renewal_id
				    WHERE p.status = 'success' GROUP BY 1, 2 HAVING count(*) > 1) twice
				""")).as("periods paid twice").isZero();
		assertThat(count("""
				SELECT count(*) FROM lumiku_worker.subscription_status_change a
				LEFT JOIN lumiku_worker.subscription_payment p ON p.id = a.payment_id
				WHERE a.to_status = 'active' AND (p.id IS NULL OR p.status <> 'success')
				""")).as("extensions without a successful payment").isZero();
		assertThat(count("""
				SELECT count(*) FROM (SELECT payment_id FROM lumiku_worker.subscription_status_change
				    WHERE payment_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) twice
				""")).as("payments applied twice").isZero();
		assertThat(
				count("""
						SELECT count(*) FROM subscriptions s WHERE s."lastPaymentId" IS NOT NULL AND NOT EXISTS (
						    SELECT 1 FROM lumiku_worker.subscription_payment p WHERE p.id = s."lastPaymentId" AND p.status = 'success')
						"""))
			.as("lastPaymentId not a successful payment")
			.isZero();
		assertThat(count("SELECT count(*) FROM lumiku_worker.subscription_payment WHERE reference = ''")).isZero();
		assertThat(count("""
				SELECT count(*) FROM (SELECT subscription_id, old_end_date FROM lumiku_worker.subscription_status_change
				    WHERE to_status = 'expired' GROUP BY 1, 2 HAVING count(*) > 1) twice
				""")).as("expired (downgraded) twice for one period").isZero();
	}

}
