package com.lumiku.worker.bulk;

import java.time.LocalDateTime;

import org.springframework.jdbc.core.JdbcTemplate;

/** Rows for the bulk-job tests, with times relative to the database's UTC clock. */
public final class BulkTestData {

	private final JdbcTemplate jdbc;

	public BulkTestData(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Removes what earlier tests (sharing the database) left in the tables these use. */
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
		this.jdbc.update("""
				INSERT INTO users (id, email, password, name, role, "storageQuota", "storageUsed", "accountType",
				                   "subscriptionTier", "createdAt", "updatedAt")
				VALUES (?, ? || '@bulk.test', 'x', ?, 'user', 1000, 0, 'payg', 'free',
				        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')""", id, id, id);
	}

	public void session(String id, String userId, LocalDateTime expiresAt) {
		this.jdbc.update("INSERT INTO sessions (id, \"userId\", token, \"expiresAt\") VALUES (?, ?, ?, ?)", id, userId,
				"token-" + id, expiresAt);
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
