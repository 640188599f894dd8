package com.lumiku.worker.generation;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code kind: http}: POSTs the generation row as JSON to the app's processing endpoint
 * ({@code url}, templated) with the app's timeout. A 2xx answer is success; the keys of
 * its JSON object that name output columns are written back (non-text values as JSON
 * text, e.g. {@code outputPaths}). Any other status fails the attempt with the status and
 * the start of the body.
 */
@Component
class HttpHandlerFactory implements HandlerFactory {

	/** The most of an answer that is read (its output columns are small). */
	static final int MAX_ANSWER_BYTES = 1024 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Override
	public String kind() {
		return "http";
	}

	@Override
	public GenerationHandler create(AppSettings settings, JdbcTemplate jdbc) {
		String url = settings.handler().url();
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException(
					"lumiku.generation.apps." + settings.app() + ".handler.url is missing: name the endpoint");
		}
		return (generation) -> post(settings, generation,
				HandlerTemplates.resolve(url, HandlerTemplates.values(settings, generation, jdbc)));
	}

	private Map<String, String> post(AppSettings settings, ClaimedGeneration generation, String url) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(settings.timeout())
			.header("Content-Type", "application/json")
			.header("X-Lumiku-Generation", generation.id())
			.header("X-Lumiku-Attempt", Integer.toString(generation.attempt()))
			.POST(HttpRequest.BodyPublishers.ofString(generation.rowJson()))
			.build();
		HttpResponse<InputStream> response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		// the answer is read up to a bound, so an endpoint that answers 100 MB costs 1 MB
		byte[] bytes;
		try (InputStream in = response.body()) {
			bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
		}
		boolean tooLong = bytes.length > MAX_ANSWER_BYTES;
		String body = new String(bytes, 0, Math.min(bytes.length, MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": "
					+ ((body.length() > 300) ? body.substring(0, 300) : body));
		}
		if (tooLong) {
			throw new IllegalStateException("POST " + url + " answered " + response.statusCode()
					+ " with more than 1 MiB; the answer must be a JSON object of output columns");
		}
		Map<String, String> outputs = new HashMap<>();
		if (!body.isBlank()) {
			json.readValue(body, OBJECT).forEach((key, value) -> {
				if (settings.table().outputColumns().contains(key) && value != null) {
					outputs.put(key, (value instanceof String text) ? text : json.writeValueAsString(value));
				}
			});
		}
		return outputs;
	}

}
