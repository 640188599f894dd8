package com.lumiku.worker.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.testsupport.TestSecrets;
import com.lumiku.worker.testsupport.TlsPostgres;
import com.lumiku.worker.testsupport.WorkerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real {@code serve} process with every secret set (database password, API token, named
 * API tokens, console tokens, gateway key), connected to a TLS-only PostgreSQL with
 * {@code sslmode=verify-full}: every one of its connections is encrypted, the named
 * tokens work by role, the actuator shows health and prometheus only, and its log, from
 * start to SIGTERM, holds none of the secrets.
 */
@Tag("multi-jvm")
class SecureServeProcessTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void a_daemon_on_verify_full_with_every_secret_set_logs_none_of_them() throws Exception {
		String password = secret("db");
		String apiToken = secret("api");
		String opsToken = secret("ops");
		String viewerToken = secret("viewer");
		String consoleToken = secret("console");
		String gatewayKey = secret("gateway");
		int httpPort = freePort();
		int managementPort = freePort();
		try (TlsPostgres postgres = TlsPostgres.start()) {
			JdbcTemplate admin = new JdbcTemplate(
					new DriverManagerDataSource(postgres.url("localhost", "ca.crt"), "postgres", ""));
			admin.execute("CREATE ROLE lumiku_tls LOGIN SUPERUSER PASSWORD '" + password + "'");
			admin.execute("CREATE DATABASE lumiku OWNER lumiku_tls");
			Map<String, String> environment = Map.ofEntries(
					Map.entry("LUMIKU_DB_URL", postgres.url("localhost", "ca.crt").replace("/postgres?", "/lumiku?")),
					Map.entry("LUMIKU_DB_USER", "lumiku_tls"), Map.entry("LUMIKU_DB_PASSWORD", password),
					Map.entry("LUMIKU_API_TOKEN", apiToken),
					Map.entry("LUMIKU_API_TOKENS", "ops:operator:" + opsToken + ",viewer:read-only:" + viewerToken),
					Map.entry("LUMIKU_CONSOLE_TOKENS", "desk:operator:" + consoleToken),
					Map.entry("LUMIKU_GATEWAY_API_KEY", gatewayKey),
					Map.entry("LUMIKU_HTTP_PORT", String.valueOf(httpPort)),
					Map.entry("LUMIKU_MANAGEMENT_PORT", String.valueOf(managementPort)),
					Map.entry("LUMIKU_JOBS_DIR", Path.of("jobs").toAbsolutePath().toString()));
			try (WorkerProcess worker = WorkerProcess.start("secure-serve", environment)) {
				await().atMost(Duration.ofMinutes(3))
					.ignoreExceptions()
					.pollInterval(Duration.ofSeconds(1))
					.untilAsserted(
							() -> assertThat(status(managementPort, "/actuator/health", null)).as(worker.output())
								.isEqualTo(200));

				assertThat(status(httpPort, "/api/jobs", viewerToken)).isEqualTo(200);
				assertThat(post(httpPort, "/api/jobs/test-tick/runs", viewerToken)).isEqualTo(403);
				assertThat(post(httpPort, "/api/jobs/test-tick/runs", opsToken)).isEqualTo(200);
				assertThat(status(httpPort, "/api/jobs", apiToken)).isEqualTo(200);
				assertThat(status(httpPort, "/api/jobs", opsToken.substring(1))).isEqualTo(401);
				assertThat(status(managementPort, "/actuator/prometheus", null)).isEqualTo(200);
				for (String hidden : List.of("env", "configprops", "beans", "heapdump", "loggers")) {
					assertThat(status(managementPort, "/actuator/" + hidden, null)).as(hidden).isEqualTo(404);
				}

				JdbcTemplate lumiku = new JdbcTemplate(new DriverManagerDataSource(
						postgres.url("localhost", "ca.crt").replace("/postgres?", "/lumiku?"), "postgres", ""));
				assertThat(lumiku.queryForList("""
						SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
						WHERE a.usename = 'lumiku_tls'""", Boolean.class)).as("the daemon's connections")
					.isNotEmpty()
					.containsOnly(true);
				assertThat(lumiku.queryForList(
						"SELECT actor || ' ' || outcome FROM lumiku_worker.operator_audit ORDER BY id", String.class))
					.containsExactly("viewer refused", "ops done");

				assertThat(worker.terminate(Duration.ofSeconds(60))).isZero();
				String log = worker.output();
				assertThat(log).contains("Started");
				for (String secret : List.of(password, apiToken, opsToken, viewerToken, consoleToken, gatewayKey)) {
					assertThat(log).as("the daemon's log").doesNotContain(secret);
				}
			}
		}
	}

	private static String secret(String what) {
		byte[] random = new byte[12];
		new SecureRandom().nextBytes(random);
		return TestSecrets.register(what + "-" + HexFormat.of().formatHex(random));
	}

	private int status(int port, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private int post(int port, String path, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"wait\": true}"))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
