package com.lumiku.worker.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus and health are served on the management port, the database included. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ActuatorEndpointsTest extends WorkerIntegrationTest {

	@LocalManagementPort
	int managementPort;

	@Test
	void prometheus_exposes_jvm_pool_and_spring_batch_metrics() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes", "hikaricp_connections_active",
				"application=\"lumiku-worker\"");
	}

	@Test
	void job_gauges_are_numbers_before_any_run_not_nan() throws Exception {
		String body = get("/actuator/prometheus").body();
		assertThat(body).contains("lumiku_job_running{application=\"lumiku-worker\",job=\"job-history-prune\"} 0.0")
			.contains(
					"lumiku_job_last_success_timestamp_seconds{application=\"lumiku-worker\",job=\"job-history-prune\"} 0.0");
	}

	@Test
	void health_is_up_and_includes_the_database() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("PostgreSQL");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
