package com.lumiku.worker.database;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.lumiku.worker.security.RedactSecrets;

/**
 * Where the worker's database is, resolved from the environment before Spring starts.
 *
 * <p>
 * {@code LUMIKU_DB_URL} (with {@code LUMIKU_DB_USER} and {@code LUMIKU_DB_PASSWORD})
 * names an external PostgreSQL server. Without it the worker runs its own embedded
 * PostgreSQL whose data lives in {@code LUMIKU_DATA_DIR} (default
 * {@code ./data/postgres}) and survives restarts.
 *
 * @param url the JDBC URL of an external server, empty for the embedded default
 * @param user the user name, if given separately from the URL
 * @param password the password, if given
 * @param dataDirectory the embedded server's data directory
 * @param embeddedPort the port of the embedded server
 * @param embeddedDurable whether the embedded server syncs its writes to disk (fsync,
 * synchronous_commit and full_page_writes on, the default); {@code
 * LUMIKU_EMBEDDED_DURABLE=false} trades that for speed, for tests only
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<String> password,
		Path dataDirectory, int embeddedPort, boolean embeddedDurable) {

	/**
	 * Port the embedded server listens on unless {@code LUMIKU_EMBEDDED_DB_PORT} says
	 * otherwise.
	 */
	public static final int DEFAULT_EMBEDDED_PORT = 15432;

	/**
	 * Data directory of the embedded server unless {@code LUMIKU_DATA_DIR} says
	 * otherwise.
	 */
	public static final String DEFAULT_DATA_DIRECTORY = "data/postgres";

	public DatabaseSettings {
		url.ifPresent(DatabaseSettings::requirePostgresUrl);
		if (user.isPresent() && url.filter((value) -> value.matches("(?i).*[?&]user=.*")).isPresent()) {
			throw new IllegalArgumentException("LUMIKU_DB_URL names a user (user=...) and LUMIKU_DB_USER is set too; "
					+ "the PostgreSQL driver would silently use the URL's. Remove one of them");
		}
	}

	/**
	 * Reads the settings from an environment (system properties win over environment
	 * variables, so tests and {@code -D} flags can override).
	 * @param environment looks a variable up, returning {@code null} when it is unset
	 * @return the settings
	 * @throws IllegalArgumentException when a value is malformed, with a message naming
	 * it
	 */
	public static DatabaseSettings from(Function<String, String> environment) {
		Function<String, Optional<String>> get = (name) -> Optional.ofNullable(environment.apply(name))
			.map(String::trim)
			.filter((value) -> !value.isEmpty());
		int port = get.apply("LUMIKU_EMBEDDED_DB_PORT").map(DatabaseSettings::parsePort).orElse(DEFAULT_EMBEDDED_PORT);
		Path dataDirectory = Path.of(get.apply("LUMIKU_DATA_DIR").orElse(DEFAULT_DATA_DIRECTORY));
		boolean durable = get.apply("LUMIKU_EMBEDDED_DURABLE").map(DatabaseSettings::parseBoolean).orElse(true);
		return new DatabaseSettings(get.apply("LUMIKU_DB_URL"), get.apply("LUMIKU_DB_USER"),
				get.apply("LUMIKU_DB_PASSWORD"), dataDirectory, port, durable);
	}

	/**
	 * The settings of this process: system properties first, then environment variables.
	 */
	public static DatabaseSettings fromProcess() {
		return from((name) -> Optional.ofNullable(System.getProperty(name)).orElseGet(() -> System.getenv(name)));
	}

	/** The settings without the password (hidden in the URL too). */
	@Override
	public String toString() {
		return "DatabaseSettings[url=" + this.url.map(RedactSecrets::url).orElse("<embedded>") + ", user="
				+ this.user.orElse("<unset>") + ", password=" + RedactSecrets.secret(this.password.orElse(null))
				+ ", dataDirectory=" + this.dataDirectory + ", embeddedPort=" + this.embeddedPort + ", embeddedDurable="
				+ this.embeddedDurable + "]";
	}

	public boolean isEmbedded() {
		return this.url.isEmpty();
	}

	/**
	 * The Spring properties that point the application at the given JDBC URL.
	 * @param jdbcUrl the URL to use (the external one, or the embedded server's)
	 * @return {@code spring.datasource.*} properties
	 */
	public Map<String, Object> springProperties(String jdbcUrl) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", jdbcUrl);
		this.user.ifPresent((value) -> properties.put("spring.datasource.username", value));
		this.password.ifPresent((value) -> properties.put("spring.datasource.password", value));
		return properties;
	}

	private static void requirePostgresUrl(String url) {
		if (!url.startsWith("jdbc:postgresql://")) {
			throw new IllegalArgumentException(
					"LUMIKU_DB_URL must be a PostgreSQL JDBC URL such as jdbc:postgresql://db:5432/lumiku, got '"
							+ RedactSecrets.url(url) + "'");
		}
	}

	private static boolean parseBoolean(String value) {
		return switch (value.toLowerCase(java.util.Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(
					"LUMIKU_EMBEDDED_DURABLE must be true or false, got '" + value + "'");
		};
	}

	private static int parsePort(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"LUMIKU_EMBEDDED_DB_PORT must be a port number from 1 to 65535, got '" + value + "'");
		}
	}

}
