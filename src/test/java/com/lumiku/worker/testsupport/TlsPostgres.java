package com.lumiku.worker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL that accepts TLS connections only, with a CA and a server
 * certificate for {@code localhost} made by the openssl CLI (and a second, unrelated CA
 * to be refused with). Local socket connections are trusted (the administrator's); TCP
 * needs TLS, and a password for every role but {@code postgres}.
 */
public final class TlsPostgres implements AutoCloseable {

	private final Path certificates;

	private final EmbeddedPostgres server;

	private TlsPostgres(Path certificates, EmbeddedPostgres server) {
		this.certificates = certificates;
		this.server = server;
	}

	/** Makes the certificates and starts the server. */
	public static TlsPostgres start() {
		try {
			Path dir = Files.createTempDirectory("lumiku-tls");
			makeCertificates(dir);
			Files.writeString(dir.resolve("pg_hba.conf"), """
					local    all all                     trust
					hostssl  all postgres 127.0.0.1/32   trust
					hostssl  all postgres ::1/128        trust
					hostssl  all all      127.0.0.1/32   scram-sha-256
					hostssl  all all      ::1/128        scram-sha-256
					""");
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setDataDirectory(Files.createTempDirectory("lumiku-tls-pg"))
				.setCleanDataDirectory(true)
				.setServerConfig("ssl", "on")
				.setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
				.setServerConfig("ssl_key_file", dir.resolve("server.key").toString())
				.setServerConfig("hba_file", dir.resolve("pg_hba.conf").toString())
				.setServerConfig("fsync", "off")
				.start();
			return new TlsPostgres(dir, server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a TLS-only PostgreSQL", ex);
		}
	}

	/** The server's port. */
	public int port() {
		return this.server.getPort();
	}

	/**
	 * A verify-full JDBC URL of database {@code postgres}.
	 * @param host the host name to connect to (the certificate names localhost only)
	 * @param rootCertificate {@code ca.crt} (the server's CA) or {@code other-ca.crt}
	 */
	public String url(String host, String rootCertificate) {
		return "jdbc:postgresql://" + host + ":" + port() + "/postgres?sslmode=verify-full&sslrootcert="
				+ this.certificates.resolve(rootCertificate);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	private static void makeCertificates(Path dir) throws IOException {
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
	}

	private static void openssl(String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException("openssl " + String.join(" ", arguments) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

}
