package com.lumiku.worker.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.database.DatabaseSettings;
import com.lumiku.worker.database.EmbeddedDatabase;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Scratch databases for benchmarks, on the worker's server (the embedded one by default,
 * or LUMIKU_DB_URL's): created, migrated with the production migrations, copied from a
 * loaded template and dropped. The worker's own database is never touched.
 */
final class BenchDatabases implements AutoCloseable {

	private final DatabaseSettings settings;

	private final Optional<EmbeddedDatabase> embedded;

	private final String baseUrl;

	BenchDatabases() {
		this.settings = DatabaseSettings.fromProcess();
		this.embedded = this.settings.isEmbedded()
				? Optional
					.of(EmbeddedDatabase.startOrAttach(this.settings.dataDirectory(), this.settings.embeddedPort()))
				: Optional.empty();
		this.baseUrl = this.embedded.map(EmbeddedDatabase::jdbcUrl).orElseGet(() -> this.settings.url().orElseThrow());
	}

	String url(String database) {
		return this.baseUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
	}

	String user() {
		return this.settings.user().orElse(null);
	}

	String password() {
		return this.settings.password().orElse(null);
	}

	JdbcTemplate jdbc(String database) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url(database));
		if (user() != null) {
			dataSource.setUsername(user());
			dataSource.setPassword(password());
		}
		return new JdbcTemplate(dataSource);
	}

	void create(String database, Optional<String> template) {
		drop(database);
		admin().execute("CREATE DATABASE " + database + template.map((t) -> " TEMPLATE " + t).orElse(""));
	}

	void drop(String database) {
		admin().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	void migrate(String database) {
		Flyway.configure()
			.dataSource(url(database), user(), password())
			.locations("classpath:db/migration")
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load()
			.migrate();
	}

	/** The environment that points a worker runtime at a scratch database. */
	Map<String, String> workerEnvironment(String database) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("LUMIKU_DB_URL", url(database));
		if (user() != null) {
			environment.put("LUMIKU_DB_USER", user());
			environment.put("LUMIKU_DB_PASSWORD", password());
		}
		return environment;
	}

	private JdbcTemplate admin() {
		return jdbc(this.embedded.isPresent() ? "postgres" : this.baseUrl.replaceFirst(".*/([^/?]+).*", "$1"));
	}

	@Override
	public void close() {
		this.embedded.ifPresent(EmbeddedDatabase::close);
	}

}
