package com.lumiku.worker.operator;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.UnknownJobException;
import com.lumiku.worker.audit.AuditEntry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code jobs} commands' client of a running daemon's operator API. */
final class JobsApiClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

	private final URI base;

	private final String token;

	private JobsApiClient(URI base, String token) {
		this.base = base;
		this.token = token;
	}

	static JobsApiClient fromEnvironment(String url) {
		String token = Optional.ofNullable(System.getProperty("LUMIKU_API_TOKEN"))
			.orElseGet(() -> System.getenv("LUMIKU_API_TOKEN"));
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("--api needs the daemon's token in LUMIKU_API_TOKEN");
		}
		String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		return new JobsApiClient(URI.create(trimmed + "/api/jobs"), token);
	}

	List<JobControl.JobView> list() {
		return send("GET", "", null, new TypeReference<>() {
		});
	}

	JobControl.RunView run(String name, Map<String, String> parameters, Optional<String> runKey, boolean wait) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("parameters", parameters);
		runKey.ifPresent((key) -> body.put("runKey", key));
		body.put("wait", wait);
		return send("POST", "/" + name + "/runs", body, new TypeReference<>() {
		});
	}

	List<JobControl.RunView> history(String name, int limit) {
		return send("GET", "/" + name + "/runs?limit=" + limit, null, new TypeReference<>() {
		});
	}

	JobControl.RunView stop(long executionId) {
		return send("POST", "/runs/" + executionId + "/stop", null, new TypeReference<>() {
		});
	}

	JobControl.RunView restart(long executionId) {
		return send("POST", "/runs/" + executionId + "/restart?wait=true", null, new TypeReference<>() {
		});
	}

	JobControl.JobView pause(String name) {
		return send("POST", "/" + name + "/pause", null, new TypeReference<>() {
		});
	}

	JobControl.JobView resume(String name) {
		return send("POST", "/" + name + "/resume", null, new TypeReference<>() {
		});
	}

	List<String> reload() {
		JobsController.ReloadResult result = send("POST", "/reload", null, new TypeReference<>() {
		});
		return result.jobs();
	}

	List<AuditEntry> audit(Optional<String> job, Optional<String> actor, int limit) {
		String query = "?limit=" + limit + job.map((name) -> "&job=" + encode(name)).orElse("")
				+ actor.map((name) -> "&actor=" + encode(name)).orElse("");
		return send("GET", "/../audit" + query, null, new TypeReference<>() {
		});
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	private <T> T send(String method, String path, Object body, TypeReference<T> type) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path).normalize())
			.timeout(Duration.ofHours(24))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json");
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(cannotConnect(this.base, ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		if (response.statusCode() >= 400) {
			throw error(response);
		}
		return json.readValue(response.body(), type);
	}

	/**
	 * {@code cannot connect to http://host:port: connection refused}, and the like: the
	 * JDK's client often says only {@code null}.
	 */
	static String cannotConnect(URI api, IOException ex) {
		String server = api.getScheme() + "://" + api.getRawAuthority();
		String reason;
		if (inChain(ex, UnresolvedAddressException.class) || inChain(ex, UnknownHostException.class)) {
			reason = "unknown host " + api.getHost();
		}
		else if (inChain(ex, HttpConnectTimeoutException.class)) {
			reason = "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
		}
		else if (inChain(ex, ConnectException.class)) {
			reason = "connection refused";
		}
		else if (inChain(ex, HttpTimeoutException.class)) {
			reason = "no answer in time";
		}
		else {
			reason = WorkerCommand.reason(ex);
		}
		return "cannot connect to " + server + ": " + reason;
	}

	private static boolean inChain(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static RuntimeException error(HttpResponse<String> response) {
		String message;
		try {
			ApiErrors.ApiError error = json.readValue(response.body(), ApiErrors.ApiError.class);
			message = error.error() + (error.problems().isEmpty() ? "" : ": " + String.join("; ", error.problems()));
		}
		catch (RuntimeException ex) {
			message = "HTTP " + response.statusCode() + ": " + ShortText.message(response.body());
		}
		return switch (response.statusCode()) {
			case 404 -> new UnknownJobException.Remote(message);
			case 409 -> new JobConflictException(message);
			case 400 -> new IllegalArgumentException(message);
			default -> new IllegalStateException(message);
		};
	}

}
