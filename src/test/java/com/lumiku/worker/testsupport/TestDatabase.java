package com.lumiku.worker.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * One test's own database on the shared {@link PostgresServer}.
 *
 * @param url JDBC URL
 * @param user user name (may be null when the URL carries it)
 * @param password password (may be null)
 * @param name database name
 */
public record TestDatabase(String url, String user, String password, String name) {

	/** A simple (unpooled) data source for test assertions. */
	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(this.url);
		if (this.user != null) {
			dataSource.setUser(this.user);
		}
		if (this.password != null) {
			dataSource.setPassword(this.password);
		}
		return dataSource;
	}

	/** The Spring properties that point an application at this database. */
	public Map<String, Object> springProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.url);
		if (this.user != null) {
			properties.put("spring.datasource.username", this.user);
		}
		if (this.password != null) {
			properties.put("spring.datasource.password", this.password);
		}
		return properties;
	}

	/** The environment a worker process or the CLI needs to use this database. */
	public Map<String, String> workerEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("LUMIKU_DB_URL", this.url);
		// The worker refuses a user both in the URL and in LUMIKU_DB_USER.
		if (this.user != null && !this.url.contains("user=")) {
			environment.put("LUMIKU_DB_USER", this.user);
		}
		if (this.password != null) {
			environment.put("LUMIKU_DB_PASSWORD", this.password);
		}
		return environment;
	}

	/**
	 * Removes what {@code workerEnvironment().forEach(System::setProperty)} set, so the
	 * next test's CLI sees no database.
	 */
	public static void clearWorkerEnvironment() {
		System.clearProperty("LUMIKU_DB_URL");
		System.clearProperty("LUMIKU_DB_USER");
		System.clearProperty("LUMIKU_DB_PASSWORD");
	}

}
