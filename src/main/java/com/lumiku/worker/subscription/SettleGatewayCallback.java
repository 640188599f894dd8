package com.lumiku.worker.subscription;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.subscription.ClaimRenewals.ClaimedRenewal;
import com.lumiku.worker.subscription.PaymentGateway.Answer;
import com.lumiku.worker.subscription.PaymentGateway.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles a renewal payment from the gateway's callback (Duitku's form post to
 * {@code callbackUrl}), in one short transaction:
 * <ol>
 * <li>the fields are checked, and the signature (MD5 of merchant code, amount, order id
 * and the merchant key, Duitku's callback signature) is compared in constant time: a bad
 * one is refused and nothing is read or written;</li>
 * <li>the order must be a renewal payment of the worker, for the amount it asked;</li>
 * <li>the callback is recorded in {@code subscription_gateway_callback}, whose unique
 * (order, result) key makes a duplicate callback insert nothing and change nothing,
 * whichever process receives it;</li>
 * <li>the result is applied as an answer of the gateway would be
 * ({@link RecordChargeOutcomes}): a success extends, recovers or reactivates the
 * subscription ({@link ExtendPaidSubscription}), with its audit row; a failure counts as
 * a decline; a pending result changes nothing.</li>
 * </ol>
 */
@Component
class SettleGatewayCallback {

	private static final Logger logger = LoggerFactory.getLogger(SettleGatewayCallback.class);

	private static final List<String> REQUIRED = List.of("merchantCode", "amount", "merchantOrderId", "resultCode",
			"signature");

	private static final String PAYMENT = """
			SELECT p.id, p.renewal_id, p.subscription_id, p.user_id, p.amount, p.collection
			FROM lumiku_worker.subscription_payment p WHERE p.merchant_order_id = ?
			""";

	private static final String RECORD = """
			INSERT INTO lumiku_worker.subscription_gateway_callback
			    (merchant_order_id, result_code, reference, amount, outcome)
			VALUES (?, ?, ?, ?, 'received')
			ON CONFLICT (merchant_order_id, result_code) DO NOTHING
			RETURNING id
			""";

	private final SubscriptionProperties.Gateway gateway;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final RecordChargeOutcomes outcomes;

	private final SubscriptionMetrics metrics;

	SettleGatewayCallback(SubscriptionProperties properties, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, SubscriptionMetrics metrics) {
		this.gateway = properties.gateway();
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		// A pending result changes nothing, so the invoice check interval is not used
		// here; a failed one is a decline on the retry schedule.
		this.outcomes = new RecordChargeOutcomes(properties.retrySchedule(), Duration.ofMinutes(1),
				Duration.ofMinutes(30));
		this.metrics = metrics;
	}

	/**
	 * @param form the callback's form fields
	 * @return what was done, with the HTTP status to answer
	 */
	Result settle(Map<String, String> form) {
		for (String field : REQUIRED) {
			if (form.getOrDefault(field, "").isBlank()) {
				return new Result(400, "missing field '" + field + "'");
			}
		}
		String order = form.get("merchantOrderId");
		String amountText = form.get("amount");
		String expected = DuitkuGateway.sign(this.gateway.merchantCode() + amountText + order + this.gateway.apiKey());
		if (!form.get("merchantCode").equals(this.gateway.merchantCode())
				|| !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
						form.get("signature").getBytes(StandardCharsets.UTF_8))) {
			logger.warn("Gateway callback for order {} refused: wrong merchant code or signature",
					(order.length() > 80) ? order.substring(0, 80) + "..." : order);
			return new Result(401, "bad signature");
		}
		BigDecimal amount;
		try {
			amount = new BigDecimal(amountText);
		}
		catch (NumberFormatException ex) {
			return new Result(400, "amount '" + amountText + "' is not a number");
		}
		Outcome outcome = switch (form.get("resultCode")) {
			case "00" -> Outcome.SUCCESS;
			case "01" -> Outcome.PENDING;
			case "02" -> Outcome.DECLINED;
			default -> null;
		};
		if (outcome == null) {
			return new Result(400, "resultCode '" + form.get("resultCode") + "' is not 00, 01 or 02");
		}
		Optional<String> reference = Optional.ofNullable(form.get("reference")).filter((r) -> !r.isBlank());
		long started = System.nanoTime();
		try {
			return this.transaction
				.execute((status) -> apply(order, amount, outcome, form.get("resultCode"), reference));
		}
		finally {
			this.metrics.rowLockHeld(Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private Result apply(String order, BigDecimal amount, Outcome outcome, String resultCode,
			Optional<String> reference) {
		List<Map<String, Object>> payments = this.jdbc.queryForList(PAYMENT, order);
		if (payments.isEmpty()) {
			return new Result(404, "no renewal payment has merchantOrderId '" + order + "'");
		}
		Map<String, Object> payment = payments.get(0);
		BigDecimal asked = (BigDecimal) payment.get("amount");
		if (asked.compareTo(amount) != 0) {
			return new Result(400,
					"amount " + amount.toPlainString() + " does not match the order's " + asked.toPlainString());
		}
		List<Long> recorded = this.jdbc.queryForList(RECORD, Long.class, order, resultCode, reference.orElse(null),
				amount);
		if (recorded.isEmpty()) {
			return new Result(200, "duplicate callback: nothing changed");
		}
		String done;
		if (outcome == Outcome.PENDING) {
			done = "pending: nothing changed";
		}
		else {
			ClaimedRenewal renewal = new ClaimedRenewal((Long) payment.get("renewal_id"),
					(String) payment.get("subscription_id"), (String) payment.get("user_id"), asked.longValueExact(),
					(String) payment.get("id"), order, "invoice".equals(payment.get("collection")));
			LocalDateTime now = this.jdbc.queryForObject("SELECT timezone('UTC', now())", LocalDateTime.class);
			Answer answer = new Answer(outcome, reference, Optional.empty(), "callback resultCode " + resultCode);
			Optional<Outcome> applied = this.outcomes.record(this.jdbc, renewal, answer, now, null);
			applied.ifPresent((result) -> this.metrics.recorded(result, renewal.amount()));
			done = applied.map((result) -> "applied: " + result.name().toLowerCase(java.util.Locale.ROOT))
				.orElse("already settled: nothing changed");
		}
		this.jdbc.update("UPDATE lumiku_worker.subscription_gateway_callback SET outcome = ? WHERE id = ?", done,
				recorded.get(0));
		logger.info("Gateway callback for order {} (resultCode {}): {}", order, resultCode, done);
		return new Result(200, done);
	}

	/**
	 * What a callback did.
	 *
	 * @param status the HTTP status to answer
	 * @param message what was done, or why not
	 */
	record Result(int status, String message) {
	}

}
