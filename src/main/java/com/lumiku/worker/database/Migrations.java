package com.lumiku.worker.database;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The one Flyway configuration of the worker: the daemon and the CLI (through Spring
 * Boot's auto-configured Flyway, see {@link MigrationsCustomizer}), the benchmarks'
 * scratch databases and the tests all migrate with these settings.
 *
 * <ul>
 * <li>the production migrations in {@value #LOCATION}, named strictly;</li>
 * <li>adopting a database the Lumiku app already created baselines at version 1 (the
 * app's own tables) when {@code baselineOnMigrate} is on ({@code LUMIKU_ADOPT_EXISTING});
 * </li>
 * <li>Flyway's advisory lock is held at session level, not in an open transaction: V2's
 * and V4's {@code CREATE INDEX CONCURRENTLY} waits for every older transaction, Flyway's
 * own included;</li>
 * <li>the migration connections run with {@code client_min_messages = warning}: the
 * migrations' {@code IF [NOT] EXISTS} notices ("... does not exist, skipping") are not
 * logged on every first start.</li>
 * </ul>
 */
public final class Migrations {

	/** Where the migrations are. */
	public static final String LOCATION = "classpath:db/migration";

	/** The version an adopted Lumiku app database is baselined at. */
	public static final String BASELINE_VERSION = "1";

	private Migrations() {
	}

	/**
	 * The worker's Flyway configuration for a database given by URL.
	 * @param url JDBC URL
	 * @param user user name (may be null when the URL carries it)
	 * @param password password (may be null)
	 * @return the configuration, ready to {@code load()}
	 */
	public static FluentConfiguration configuration(String url, String user, String password) {
		return apply(Flyway.configure().dataSource(url, user, password));
	}

	/**
	 * The worker's Flyway configuration for a data source.
	 * @param dataSource the database
	 * @return the configuration, ready to {@code load()}
	 */
	public static FluentConfiguration configuration(DataSource dataSource) {
		return apply(Flyway.configure().dataSource(dataSource));
	}

	/**
	 * Applies the worker's settings to a configuration (leaving its data source and its
	 * {@code baselineOnMigrate} as they are).
	 * @param configuration the configuration to change
	 * @return the same configuration
	 */
	public static FluentConfiguration apply(FluentConfiguration configuration) {
		return configuration.locations(LOCATION)
			.validateMigrationNaming(true)
			.baselineVersion(BASELINE_VERSION)
			.baselineDescription("Lumiku app schema (adopted)")
			.initSql("SET client_min_messages = warning")
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
	}

}
