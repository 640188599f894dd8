package com.lumiku.worker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL server the tests run against, one per test JVM, chosen in this
 * order:
 * <ol>
 * <li>{@code LUMIKU_TEST_DB_URL} (environment or system property): an existing server,
 * given as a JDBC URL with a user allowed to create databases
 * ({@code LUMIKU_TEST_DB_USER}, {@code LUMIKU_TEST_DB_PASSWORD});</li>
 * <li>Testcontainers, where a Docker engine answers (image
 * {@code postgres:<major>});</li>
 * <li>otherwise an embedded PostgreSQL from the binaries on the test class path (the
 * Maven build runs the schema tests once with the newest and once with the oldest
 * supported version).</li>
 * </ol>
 * Each test class gets its own fresh database on that server:
 * {@link #newDatabase(String)}.
 */
public final class PostgresServer {

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private static volatile PostgresServer instance;

	private final String adminUrl;

	private final String user;

	private final String password;

	private final String description;

	private PostgresServer(String adminUrl, String user, String password, String description) {
		this.adminUrl = adminUrl;
		this.user = user;
		this.password = password;
		this.description = description;
	}

	/** The server for this JVM, started on first use. */
	public static PostgresServer get() {
		if (instance == null) {
			synchronized (PostgresServer.class) {
				if (instance == null) {
					instance = start();
				}
			}
		}
		return instance;
	}

	/**
	 * Creates an empty database with a unique name.
	 * @param purpose a short label that ends up in the database name, for debugging
	 * @return how to connect to it
	 */
	public TestDatabase newDatabase(String purpose) {
		return createDatabase(purpose, "");
	}

	/**
	 * Creates a database with a unique name as a copy of another (which must have no open
	 * sessions).
	 * @param purpose a short label for the database name
	 * @param template the database to copy
	 * @return how to connect to the copy
	 */
	public TestDatabase copyOf(String purpose, TestDatabase template) {
		return createDatabase(purpose, " TEMPLATE " + template.name());
	}

	private TestDatabase createDatabase(String purpose, String clause) {
		String name = ("t" + ProcessHandle.current().pid() + "_" + databaseCounter.incrementAndGet() + "_"
				+ purpose.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", ""));
		name = name.substring(0, Math.min(name.length(), 60));
		execute("CREATE DATABASE " + name + clause);
		return new TestDatabase(withDatabase(this.adminUrl, name), this.user, this.password, name);
	}

	/**
	 * Drops a database created by {@link #newDatabase(String)}, disconnecting its
	 * sessions.
	 */
	public void dropDatabase(TestDatabase database) {
		execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
	}

	/** Which server this is, for test reports. */
	public String description() {
		return this.description;
	}

	private void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Test database setup failed on " + this.description + ": " + sql, ex);
		}
	}

	private static PostgresServer start() {
		Optional<String> url = setting("LUMIKU_TEST_DB_URL");
		if (url.isPresent()) {
			return new PostgresServer(url.get(), setting("LUMIKU_TEST_DB_USER").orElse(null),
					setting("LUMIKU_TEST_DB_PASSWORD").orElse(null), "external server " + url.get());
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + expectedMajorVersion());
			container.start();
			return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers " + container.getDockerImageName());
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(Files.createTempDirectory("lumiku-test-pg"))
				.setCleanDataDirectory(true)
				.setServerConfig("max_connections", "300")
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.start();
			return new PostgresServer(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null,
					"embedded PostgreSQL " + expectedMajorVersion() + " on port " + postgres.getPort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded PostgreSQL for the tests", ex);
		}
	}

	/**
	 * The PostgreSQL major version this test run is meant to exercise (from the Maven
	 * build).
	 */
	public static String expectedMajorVersion() {
		String label = System.getProperty("lumiku.test.pg-label", "18");
		return label.split("\\.")[0];
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static Optional<String> setting(String name) {
		return Optional.ofNullable(System.getProperty(name))
			.or(() -> Optional.ofNullable(System.getenv(name)))
			.filter((value) -> !value.isBlank());
	}

	private static String withDatabase(String jdbcUrl, String database) {
		// jdbc:postgresql://host:port/db?params -> same with another db
		int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
		int query = jdbcUrl.indexOf('?');
		String prefix = jdbcUrl.substring(0, slash + 1);
		String suffix = (query >= 0) ? jdbcUrl.substring(query) : "";
		return prefix + database + suffix;
	}

}
