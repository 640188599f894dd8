package com.lumiku.worker.operator;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator API's bounds and error shape from outside: bodies over the limit are
 * refused before they are read, long values are never echoed whole, and the errors Spring
 * MVC raises itself (404, 405, 415, a path variable of the wrong type) come in the
 * documented JSON shape.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lumiku.api.token=s3cret", "management.server.port=0", "lumiku.api.max-request-size=16KB" })
class ApiRequestLimitsTest extends WorkerIntegrationTest {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void a_body_over_the_limit_is_a_413_naming_the_limit() throws Exception {
		HttpResponse<String> response = send(post("/api/jobs/session-cleanup/runs", "application/json",
				HttpRequest.BodyPublishers.ofString(body("x".repeat(17 * 1024)))));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body())
			.startsWith("{\"status\":413,\"error\":\"Request body too large: the limit is 16 KiB")
			.contains("lumiku.api.max-request-size")
			.endsWith("\"problems\":[]}");
	}

	@Test
	void a_chunked_body_over_the_limit_is_a_413_too() throws Exception {
		byte[] big = body("x".repeat(20 * 1024)).getBytes();
		HttpResponse<String> response = send(post("/api/jobs/session-cleanup/runs", "application/json",
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("the limit is 16 KiB");
	}

	@Test
	void a_long_bad_value_is_echoed_as_a_short_prefix() throws Exception {
		String value = "x".repeat(15 * 1024);
		HttpResponse<String> response = send(post("/api/jobs/session-cleanup/runs", "application/json",
				HttpRequest.BodyPublishers.ofString(body(value))));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("Invalid job parameters", "batchSize", "(15360 characters)")
			.hasSizeLessThan(600);
	}

	@Test
	void a_body_that_is_not_json_is_a_415_in_the_error_shape() throws Exception {
		HttpResponse<String> response = send(post("/api/jobs/session-cleanup/runs", "text/plain",
				HttpRequest.BodyPublishers.ofString("batchSize=10")));
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.body()).startsWith("{\"status\":415,\"error\":\"Content-Type 'text/plain")
			.contains("application/json");
	}

	@Test
	void an_execution_id_that_is_not_a_number_is_a_400_saying_so() throws Exception {
		HttpResponse<String> response = send(get("/api/jobs/runs/abc"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body())
			.isEqualTo("{\"status\":400,\"error\":\"execution id must be a number, got 'abc'\",\"problems\":[]}");
	}

	@Test
	void a_wrong_method_and_an_unknown_path_are_in_the_error_shape() throws Exception {
		HttpResponse<String> wrongMethod = send(
				HttpRequest.newBuilder(uri("/api/jobs")).header("Authorization", "Bearer s3cret").DELETE().build());
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
		assertThat(wrongMethod.body()).isEqualTo(
				"{\"status\":405,\"error\":\"DELETE is not allowed on /api/jobs; allowed: GET\",\"problems\":[]}");
		HttpResponse<String> unknown = send(get("/api/nothing/here"));
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body())
			.isEqualTo("{\"status\":404,\"error\":\"No such API path: GET /api/nothing/here\",\"problems\":[]}");
	}

	private static String body(String batchSize) {
		return "{\"parameters\": {\"batchSize\": \"" + batchSize + "\"}, \"wait\": true}";
	}

	private HttpRequest post(String path, String contentType, HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer s3cret")
			.header("Content-Type", contentType)
			.POST(body)
			.build();
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer s3cret").GET().build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
