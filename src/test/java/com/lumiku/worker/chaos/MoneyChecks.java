package com.lumiku.worker.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refunds, the credit ledger and the subscriptions: nothing refunded or charged twice,
 * every ledger chained, every charge the gateway settled recorded.
 */
final class MoneyChecks extends Checks {

	MoneyChecks(JdbcTemplate jdbc, EventLog log, InvariantTable table) {
		super(jdbc, log, table);
	}

	void refundsAndLedger() throws IOException {
		long refunds = count("SELECT count(*) FROM credits WHERE type = 'refund'");
		this.table.add("no generation refunded twice", refunds, strings("""
				SELECT "referenceId" || ' refunded ' || count(*) || ' times' FROM credits WHERE type = 'refund'
				GROUP BY "referenceId" HAVING count(*) > 1"""));
		this.table.add("every failed generation refunded once, nothing else refunded",
				count("SELECT count(*) FROM looping_flow_generations WHERE status = 'failed'"), strings("""
						SELECT coalesce(g.id, r."referenceId") || CASE WHEN g.id IS NULL THEN ' refunded, not failed'
						       ELSE ' failed, not refunded' END
						FROM (SELECT id FROM looping_flow_generations WHERE status = 'failed') g
						FULL JOIN (SELECT DISTINCT "referenceId" FROM credits WHERE type = 'refund') r
						  ON r."referenceId" = g.id
						WHERE g.id IS NULL OR r."referenceId" IS NULL"""));
		String invariant;
		try (InputStream in = MoneyChecks.class.getResourceAsStream("/sql/ledger_invariant.sql")) {
			invariant = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		this.table.add("every credit ledger chains (sql/ledger_invariant.sql)",
				count("SELECT count(DISTINCT \"userId\") FROM credits"),
				this.jdbc.queryForList(invariant).stream().map(Object::toString).toList());
	}

	void subscriptions(Map<String, Integer> chargesByOrder, URI gateway) {
		Map<String, String> statusByOrder = new HashMap<>();
		chargesByOrder.keySet().forEach((order) -> statusByOrder.put(order, gatewayStatus(gateway, order)));
		Map<String, List<String>> chargedPerPeriod = new HashMap<>();
		statusByOrder.forEach((order, status) -> {
			if ("00".equals(status)) {
				chargedPerPeriod.computeIfAbsent(order.substring(0, order.lastIndexOf('-')), (key) -> new ArrayList<>())
					.add(order);
			}
		});
		this.table.add("no subscription period charged twice (the simulator's settled orders)", chargedPerPeriod.size(),
				chargedPerPeriod.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().size() > 1)
					.map((entry) -> entry.getKey() + " charged by " + entry.getValue())
					.toList());
		List<String> unrecorded = new ArrayList<>();
		chargedPerPeriod.values().forEach((orders) -> orders.forEach((order) -> {
			String state = this.jdbc.query("""
					SELECT p.status || '/' || r.state FROM lumiku_worker.subscription_payment p
					JOIN lumiku_worker.subscription_renewal r ON r.id = p.renewal_id WHERE p.merchant_order_id = ?""",
					(rs) -> rs.next() ? rs.getString(1) : "no payment row", order);
			if (!"success/succeeded".equals(state)) {
				unrecorded.add(order + ": " + state);
			}
		}));
		this.table.add("every charge the gateway settled is a succeeded renewal", chargedPerPeriod.size(), unrecorded);
		this.table.add("each subscription extended once per succeeded renewal",
				count("SELECT count(*) FROM chaos_subscription_seed"), strings("""
						SELECT s.id || ' ends ' || s."endDate" || ' after ' || count(r.*) || ' renewal(s) from '
						       || seed.seeded_end
						FROM subscriptions s JOIN chaos_subscription_seed seed ON seed.id = s.id
						LEFT JOIN lumiku_worker.subscription_renewal r ON r.subscription_id = s.id
						     AND r.state = 'succeeded'
						GROUP BY s.id, s."endDate", seed.seeded_end
						HAVING s."endDate" <> seed.seeded_end + count(r.*) * interval '1 month'"""));
		this.table.add("no renewal left in flight (opened, charging, unknown)",
				count("SELECT count(*) FROM lumiku_worker.subscription_renewal"), strings("""
						SELECT subscription_id || ' ' || period_start || ' ' || state
						FROM lumiku_worker.subscription_renewal WHERE state IN ('opened', 'charging', 'unknown')"""));
		this.table.note("renewals by state: " + this.jdbc.queryForList("""
				SELECT state, count(*) AS n FROM lumiku_worker.subscription_renewal GROUP BY state ORDER BY state""")
				+ "; gateway charge requests " + chargesByOrder.values().stream().mapToInt(Integer::intValue).sum()
				+ " for " + chargesByOrder.size() + " orders, settled (00) " + chargedPerPeriod.size());
	}

	private static String gatewayStatus(URI gateway, String order) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(gateway.resolve("/webapi/api/merchant/transactionStatus"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"merchantOrderId\":\"" + order + "\"}"))
					.header("Content-Type", "application/json")
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 404) {
				return "none";
			}
			int at = response.body().indexOf("\"statusCode\":\"");
			return (at < 0) ? response.body() : response.body().substring(at + 14, at + 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
