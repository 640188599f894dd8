package com.lumiku.worker.subscription;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payment gateway's callback, {@code POST /gateway/duitku/callback} on the worker's
 * HTTP port: outside {@code /api/**} (a gateway cannot send the operator's bearer token),
 * authenticated by the callback's signature alone ({@link SettleGatewayCallback}), its
 * body bounded by {@code lumiku.api.max-request-size} like every request. Answers 200
 * when the callback was applied or was a duplicate, 401 for a bad signature, 400 for a
 * malformed callback or a wrong amount, 404 for an order that is not a renewal payment.
 */
@RestController
class GatewayCallbackController {

	static final String PATH = "/gateway/duitku/callback";

	private final SettleGatewayCallback settle;

	GatewayCallbackController(SettleGatewayCallback settle) {
		this.settle = settle;
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> callback(HttpServletRequest request) throws IOException {
		// The body is read here, not through request parameters: the body-size filter
		// has already read it from the connection and hands it on from memory.
		String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		Map<String, String> form;
		try {
			form = form(body);
		}
		catch (IllegalArgumentException ex) {
			return ResponseEntity.badRequest()
				.body(Map.of("status", 400, "message", "the body is not a URL-encoded form: " + ex.getMessage()));
		}
		SettleGatewayCallback.Result result = this.settle.settle(form);
		return ResponseEntity.status(result.status())
			.body(Map.of("status", result.status(), "message", result.message()));
	}

	static Map<String, String> form(String body) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			fields.putIfAbsent(name, value);
		}
		return fields;
	}

}
