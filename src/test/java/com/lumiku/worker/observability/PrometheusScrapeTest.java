package com.lumiku.worker.observability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's metrics as a real Prometheus stores them, under the scrape config of
 * {@code config/prometheus/prometheus.yml}: one series per job, told apart by
 * {@code job_name}, and the target label {@code job} left to Prometheus. Fails where no
 * {@code prometheus} binary is on the PATH (Debian: {@code apt-get install prometheus})
 * unless {@code -Dlumiku.prometheus.optional=true}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class PrometheusScrapeTest extends WorkerIntegrationTest {

	private static final Pattern JOB_NAME = Pattern.compile("\"job_name\":\"([^\"]+)\"");

	@LocalManagementPort
	int managementPort;

	@TempDir
	Path directory;

	private PrometheusServer prometheus;

	@AfterEach
	void stopPrometheus() throws InterruptedException {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void prometheus_keeps_one_series_per_job_labelled_job_name_and_its_own_job_label() throws Exception {
		this.prometheus = PrometheusServer.start(this.directory, List.of("127.0.0.1:" + this.managementPort));

		String query = "count by (job, job_name, exported_job) (lumiku_job_running)";
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> !this.prometheus.series(query).isEmpty());

		String result = this.prometheus.series(query).toString();
		assertThat(result).as("series stored by Prometheus").doesNotContain("exported_job");
		assertThat(JOB_NAME.matcher(result).results().map((match) -> match.group(1))).containsExactlyInAnyOrder(
				"analytics-refresh", "db-maintenance", "db-vacuum", "job-history-prune", "partition-maintenance",
				"payment-expiry", "quota-reset", "session-cleanup", "subscription-expiry", "subscription-renewal");
		assertThat(result).contains("\"job\":\"lumiku-worker\"");
	}

}
