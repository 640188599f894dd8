package com.lumiku.worker.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.database.DatabaseSettings;
import com.lumiku.worker.database.EmbeddedDatabase;
import com.lumiku.worker.database.Migrations;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Scratch databases for benchmarks, on the worker's server (the embedded one by default,
 * or LUMIKU_DB_URL's): created, migrated with the production migrations, copied from a
 * loaded template and dropped. The worker's own database is never touched: nothing here
 * migrates it (only the scratch databases go through {@link Migrations}), and benchmarks
 * use this class rather than a {@code WorkerRuntime} on the configured database, whose
 * start-up would migrate it.
 */
public final class BenchDatabases implements AutoCloseable {

	private final DatabaseSettings settings;

	private final Optional<EmbeddedDatabase> embedded;

	private final String baseUrl;

	public BenchDatabases() {
		this.settings = DatabaseSettings.fromProcess();
		this.embedded = this.settings.isEmbedded()
				? Optional.of(EmbeddedDatabase.startOrAttach(this.settings.dataDirectory(),
						this.settings.embeddedPort(), this.settings.embeddedDurable()))
				: Optional.empty();
		this.baseUrl = this.embedded.map(EmbeddedDatabase::jdbcUrl).orElseGet(() -> this.settings.url().orElseThrow());
	}

	public String url(String database) {
		return this.baseUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
	}

	public String user() {
		return this.settings.user().orElse(null);
	}

	public String password() {
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

	public void create(String database, Optional<String> template) {
		drop(database);
		admin().execute("CREATE DATABASE " + database + template.map((t) -> " TEMPLATE " + t).orElse(""));
	}

	public void drop(String database) {
		admin().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	public void migrate(String database) {
		Migrations.configuration(url(database), user(), password()).load().migrate();
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
