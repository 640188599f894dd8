package com.lumiku.worker.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator by default: on its own port, health and prometheus only; env, configprops,
 * beans, heapdump and the rest are 404 on both ports, and the actuator is not on the API
 * port at all. The daemon's own output from start-up to a refused login shows none of its
 * secrets.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "lumiku.api.token=" + ActuatorExposureTest.API_TOKEN,
				"lumiku.api.tokens=ops:operator:" + ActuatorExposureTest.NAMED_TOKEN,
				"lumiku.console.tokens=desk:operator:" + ActuatorExposureTest.CONSOLE_TOKEN,
				"lumiku.subscriptions.gateway.api-key=" + ActuatorExposureTest.GATEWAY_KEY })
class ActuatorExposureTest extends WorkerIntegrationTest {

	static final String API_TOKEN = "actuator-api-token-4711";

	static final String NAMED_TOKEN = "actuator-named-token-4712";

	static final String CONSOLE_TOKEN = "actuator-console-token-4713";

	static final String GATEWAY_KEY = "actuator-gateway-key-4714";

	private static final List<String> HIDDEN = List.of("env", "configprops", "beans", "heapdump", "threaddump",
			"loggers", "mappings", "info", "conditions", "scheduledtasks", "metrics", "startup", "quartz", "flyway",
			"shutdown", "env/lumiku.api.token", "configprops/lumiku.console");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void only_health_and_prometheus_are_exposed_and_only_on_the_management_port() throws Exception {
		assertThat(get(this.managementPort, "/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get(this.managementPort, "/actuator/prometheus").statusCode()).isEqualTo(200);
		HttpResponse<String> index = get(this.managementPort, "/actuator");
		assertThat(index.body()).contains("health", "prometheus").doesNotContain("\"env\"", "configprops");
		for (String endpoint : HIDDEN) {
			assertThat(get(this.managementPort, "/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
			assertThat(get(this.port, "/actuator/" + endpoint).statusCode()).as("API port: " + endpoint).isIn(401, 404);
		}
		assertThat(get(this.port, "/actuator/health").statusCode()).as("not on the API port").isEqualTo(404);
		assertThat(get(this.port, "/actuator/prometheus").statusCode()).isEqualTo(404);
	}

	@Test
	void no_secret_reaches_the_output_or_the_management_port(CapturedOutput output) throws Exception {
		HttpRequest wrong = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/jobs"))
			.header("Authorization", "Bearer " + API_TOKEN.substring(1))
			.build();
		assertThat(this.http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		String scraped = get(this.managementPort, "/actuator/prometheus").body()
				+ get(this.managementPort, "/actuator/health").body();
		for (String secret : List.of(API_TOKEN, NAMED_TOKEN, CONSOLE_TOKEN, GATEWAY_KEY)) {
			assertThat(output.getAll()).as("the daemon's output").doesNotContain(secret);
			assertThat(scraped).as("health and prometheus").doesNotContain(secret);
		}
		assertThat(output.getAll()).as("the daemon did start in this output").contains("Started");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
