package com.lumiku.worker.subscription;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link PaymentGateway} over a Duitku-style HTTP API: {@code POST
 * /webapi/api/merchant/v2/charge} (a stored payment method), {@code POST
 * /webapi/api/merchant/v2/inquiry} (create a transaction the user pays) and {@code POST
 * /webapi/api/merchant/transactionStatus} (status inquiry), JSON bodies signed with MD5
 * of merchant code, order id, (amount,) and the merchant key, as Duitku signs them.
 * Status codes: {@code 00} success, {@code 01} pending, {@code 02} failed. The key is
 * never logged.
 */
public final class DuitkuGateway implements PaymentGateway {

	static final String CHARGE = "/webapi/api/merchant/v2/charge";

	static final String INVOICE = "/webapi/api/merchant/v2/inquiry";

	static final String STATUS = "/webapi/api/merchant/transactionStatus";

	private static final Logger logger = LoggerFactory.getLogger(DuitkuGateway.class);

	private final SubscriptionProperties.Gateway settings;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	public DuitkuGateway(SubscriptionProperties.Gateway settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.build();
	}

	@Override
	public Answer charge(String order, String userId, long amount, Duration timeout) {
		Map<String, Object> body = body(order, amount);
		body.put("customerId", userId);
		return post(CHARGE, body, timeout, order);
	}

	@Override
	public Answer invoice(String order, String userId, long amount, Duration timeout) {
		Map<String, Object> body = body(order, amount);
		body.put("merchantUserInfo", userId);
		body.put("productDetails", "Lumiku subscription renewal");
		if (!this.settings.callbackUrl().isBlank()) {
			body.put("callbackUrl", this.settings.callbackUrl());
		}
		Answer created = post(INVOICE, body, timeout, order);
		// Creating the request succeeded ("00"): the invoice is open, not paid.
		return (created.outcome() == Outcome.SUCCESS)
				? new Answer(Outcome.PENDING, created.reference(), created.paymentUrl(), "invoice created") : created;
	}

	@Override
	public Answer status(String order, Duration timeout) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("merchantCode", this.settings.merchantCode());
		body.put("merchantOrderId", order);
		body.put("signature", sign(this.settings.merchantCode() + order + this.settings.apiKey()));
		return post(STATUS, body, timeout, order);
	}

	private Map<String, Object> body(String order, long amount) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("merchantCode", this.settings.merchantCode());
		body.put("merchantOrderId", order);
		body.put("paymentAmount", amount);
		body.put("signature", sign(this.settings.merchantCode() + order + amount + this.settings.apiKey()));
		return body;
	}

	private Answer post(String path, Map<String, Object> body, Duration timeout, String order) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.settings.baseUrl() + path))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return read(response, order);
		}
		catch (HttpTimeoutException ex) {
			logger.info("gateway {} for order {} timed out after {}: outcome unknown", path, order, timeout);
			return Answer.unknown("timeout after " + timeout);
		}
		catch (IOException ex) {
			logger.info("gateway {} for order {} failed ({}): outcome unknown", path, order, ex.toString());
			return Answer.unknown(ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.unknown("interrupted");
		}
	}

	private Answer read(HttpResponse<String> response, String order) {
		if (response.statusCode() == 404) {
			return Answer.of(Outcome.NOT_FOUND, null, "404");
		}
		if (response.statusCode() != 200) {
			logger.info("gateway answered HTTP {} for order {}: outcome unknown", response.statusCode(), order);
			return Answer.unknown("HTTP " + response.statusCode());
		}
		Map<?, ?> fields;
		try {
			fields = this.json.readValue(response.body(), Map.class);
		}
		catch (RuntimeException ex) {
			return Answer.unknown("unreadable answer: " + ex.getMessage());
		}
		String code = String.valueOf(fields.get("statusCode"));
		String reference = (fields.get("reference") != null) ? String.valueOf(fields.get("reference")) : null;
		Outcome outcome = switch (code) {
			case "00" -> Outcome.SUCCESS;
			case "01" -> Outcome.PENDING;
			case "02" -> Outcome.DECLINED;
			default -> Outcome.UNKNOWN;
		};
		Optional<String> url = Optional.ofNullable(fields.get("paymentUrl")).map(String::valueOf);
		return new Answer(outcome, Optional.ofNullable(reference).filter((r) -> !r.isBlank()), url,
				"statusCode " + code);
	}

	static String sign(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
