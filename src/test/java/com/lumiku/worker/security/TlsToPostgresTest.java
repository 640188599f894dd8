package com.lumiku.worker.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import com.lumiku.worker.operator.WorkerCommand;
import com.lumiku.worker.testsupport.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS to PostgreSQL with {@code sslmode=verify-full}
 * (docs/security.md#tls-to-postgresql): a CA and a server certificate for
 * {@code localhost} made here with the openssl CLI, a PostgreSQL that accepts TLS
 * connections only. With the right CA and host name the connection is encrypted and the
 * worker migrates and runs a job through it; with another CA, with a host name the
 * certificate does not name, or without TLS, it is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsToPostgresTest {

	private static final List<String> PROPERTIES = List.of("LUMIKU_DB_URL", "LUMIKU_DB_USER", "LUMIKU_JOBS_DIR");

	private TlsPostgres server;

	@BeforeAll
	void startAPostgresThatSpeaksOnlyTls() {
		this.server = TlsPostgres.start();
	}

	@AfterAll
	void stop() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@AfterEach
	void clearProperties() {
		PROPERTIES.forEach(System::clearProperty);
	}

	@Test
	void verify_full_with_the_right_ca_and_host_name_connects_encrypted() throws Exception {
		try (Connection connection = DriverManager.getConnection(url("localhost", "ca.crt"), "postgres", null);
				ResultSet ssl = connection.createStatement()
					.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
			assertThat(ssl.next()).isTrue();
			assertThat(ssl.getBoolean("ssl")).isTrue();
			assertThat(ssl.getString("version")).startsWith("TLS");
		}
	}

	@Test
	void another_ca_a_host_name_the_certificate_does_not_name_and_no_tls_are_refused() {
		assertThatThrownBy(() -> DriverManager.getConnection(url("localhost", "other-ca.crt"), "postgres", null))
			.as("another CA")
			.hasMessageContaining("SSL error");
		assertThatThrownBy(() -> DriverManager.getConnection(url("127.0.0.1", "ca.crt"), "postgres", null))
			.as("a host name the certificate does not name")
			.hasMessageContaining("could not be verified");
		assertThatThrownBy(() -> DriverManager.getConnection(
				"jdbc:postgresql://localhost:" + this.server.port() + "/postgres?sslmode=disable", "postgres", null))
			.as("no TLS")
			.hasMessageContaining("no encryption");
	}

	@Test
	void the_worker_migrates_and_runs_a_job_over_verify_full_and_says_why_when_the_ca_is_wrong() {
		System.setProperty("LUMIKU_DB_USER", "postgres");
		System.setProperty("LUMIKU_JOBS_DIR", Path.of("jobs").toAbsolutePath().toString());
		System.setProperty("LUMIKU_DB_URL", url("localhost", "ca.crt"));
		assertThat(cli("migrate")).isZero();
		assertThat(cli("jobs", "run", "job-history-prune", "retention=30d")).isZero();

		System.setProperty("LUMIKU_DB_URL", url("localhost", "other-ca.crt"));
		StringWriter output = new StringWriter();
		assertThat(cli(output, "jobs", "list")).isNotZero();
		assertThat(output.toString()).contains("SSL error").doesNotContain("other-ca.key");
	}

	private String url(String host, String rootCertificate) {
		return this.server.url(host, rootCertificate);
	}

	private static int cli(String... arguments) {
		StringWriter output = new StringWriter();
		int exit = cli(output, arguments);
		assertThat(exit).as(String.join(" ", arguments) + ": " + output).isZero();
		return exit;
	}

	private static int cli(StringWriter output, String... arguments) {
		PrintWriter writer = new PrintWriter(output, true);
		return WorkerCommand.execute(writer, writer, arguments);
	}

}
