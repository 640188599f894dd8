package com.lumiku.worker.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.lumiku.worker.operator.WorkerCommand;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

	private Path certificates;

	private EmbeddedPostgres server;

	@BeforeAll
	void startAPostgresThatSpeaksOnlyTls() throws Exception {
		this.certificates = Files.createTempDirectory("lumiku-tls");
		Path dir = this.certificates;
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Lumiku Test CA", "-keyout",
				dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.crt").toString());
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Some Other CA", "-keyout",
				dir.resolve("other-ca.key").toString(), "-out", dir.resolve("other-ca.crt").toString());
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
				dir.resolve("server.key").toString(), "-out", dir.resolve("server.csr").toString());
		Files.writeString(dir.resolve("server.ext"), "subjectAltName = DNS:localhost\n");
		openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", dir.resolve("ca.crt").toString(),
				"-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile",
				dir.resolve("server.ext").toString(), "-out", dir.resolve("server.crt").toString());
		Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
		Files.writeString(dir.resolve("pg_hba.conf"), """
				local    all all               trust
				hostssl  all all 127.0.0.1/32  trust
				hostssl  all all ::1/128       trust
				""");
		this.server = EmbeddedPostgres.builder()
			.setDataDirectory(Files.createTempDirectory("lumiku-tls-pg"))
			.setCleanDataDirectory(true)
			.setServerConfig("ssl", "on")
			.setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
			.setServerConfig("ssl_key_file", dir.resolve("server.key").toString())
			.setServerConfig("hba_file", dir.resolve("pg_hba.conf").toString())
			.setServerConfig("fsync", "off")
			.start();
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
				"jdbc:postgresql://localhost:" + this.server.getPort() + "/postgres?sslmode=disable", "postgres", null))
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
		return "jdbc:postgresql://" + host + ":" + this.server.getPort() + "/postgres?sslmode=verify-full&sslrootcert="
				+ this.certificates.resolve(rootCertificate);
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

	private static void openssl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("openssl " + String.join(" ", arguments) + ": " + output).isZero();
	}

}
