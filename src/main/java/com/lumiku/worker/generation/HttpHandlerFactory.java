package com.lumiku.worker.generation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			String body = response.body();
			throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": "
					+ ((body.length() > 300) ? body.substring(0, 300) : body));
		}
		Map<String, String> outputs = new HashMap<>();
		if (!response.body().isBlank()) {
			json.readValue(response.body(), OBJECT).forEach((key, value) -> {
				if (settings.table().outputColumns().contains(key) && value != null) {
					outputs.put(key, (value instanceof String text) ? text : json.writeValueAsString(value));
				}
			});
		}
		return outputs;
	}

}
