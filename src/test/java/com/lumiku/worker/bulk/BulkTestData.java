package com.lumiku.worker.bulk;

import java.time.Duration;
import java.time.LocalDateTime;

import com.lumiku.worker.testsupport.TestRows;

import org.springframework.jdbc.core.JdbcTemplate;

/** Rows for the bulk-job tests, with times relative to the database's UTC clock. */
public final class BulkTestData {

	private final JdbcTemplate jdbc;

	public BulkTestData(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Removes what earlier tests of the class (sharing its database) left in the tables
	 * these use.
	 */
	public void clear() {
		this.jdbc.update("DELETE FROM quota_usages");
		this.jdbc.update("DELETE FROM subscriptions");
		this.jdbc.update("DELETE FROM subscription_plans");
		this.jdbc.update("DELETE FROM payments");
		this.jdbc.update("DELETE FROM users");
		this.jdbc.update("DELETE FROM lumiku_worker.payment_status_change");
	}

	public LocalDateTime now() {
		return this.jdbc.queryForObject("SELECT now() AT TIME ZONE 'UTC'", LocalDateTime.class);
	}

	public void user(String id) {
		TestRows.user(id)
			.email(id + "@bulk.test")
			.name(id)
			.set("role", "user")
			.set("storageQuota", 1000)
			.set("storageUsed", 0)
			.set("accountType", "payg")
			.set("subscriptionTier", "free")
			.createdAgo(Duration.ZERO)
			.insert(this.jdbc);
	}

	public void session(String id, String userId, LocalDateTime expiresAt) {
		TestRows.session(id, userId).expiresAt(expiresAt).insert(this.jdbc);
	}

	public void device(String id, String userId, LocalDateTime lastActive) {
		this.jdbc.update("""
				INSERT INTO devices (id, "userId", "deviceId", "deviceName", "deviceType", "lastActive")
				VALUES (?, ?, ?, 'Chrome on Linux', 'desktop', ?)""", id, userId, "fp-" + id, lastActive);
	}

	public void payment(String id, String userId, String status, LocalDateTime createdAt) {
		this.jdbc.update("""
				INSERT INTO payments (id, "userId", "merchantOrderId", reference, amount, "creditAmount", status,
				                      "createdAt", "updatedAt")
				VALUES (?, ?, ?, ?, 10000, 100, ?, ?, ?)""", id, userId, "order-" + id, "ref-" + id, status, createdAt,
				createdAt);
	}

	public void plan(String id, String tier, int dailyQuota, Integer monthlyQuota) {
		this.jdbc.update("""
				INSERT INTO subscription_plans (id, "planId", tier, name, price, "billingCycle", "dailyQuota",
				                                "monthlyQuota", "maxModelTier", "updatedAt")
				VALUES (?, ?, ?, ?, 0, 'monthly', ?, ?, ?, now() AT TIME ZONE 'UTC')""", id, id, tier, id, dailyQuota,
				monthlyQuota, tier);
	}

	public void subscription(String userId, String planId, String status, LocalDateTime endDate) {
		this.jdbc.update("""
				INSERT INTO subscriptions (id, "userId", "planId", status, "startDate", "endDate", "billingCycle",
				                           "updatedAt")
				VALUES (?, ?, ?, ?, ? - interval '1 month', ?, 'monthly', now() AT TIME ZONE 'UTC')""", "sub-" + userId,
				userId, planId, status, endDate, endDate);
	}

	public long count(String sql, Object... arguments) {
		return this.jdbc.queryForObject(sql, Long.class, arguments);
	}

}
