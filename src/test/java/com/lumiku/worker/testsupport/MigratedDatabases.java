package com.lumiku.worker.testsupport;

import com.lumiku.worker.database.Migrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Fresh databases that already went through the production Flyway migrations. The
 * migrations run once per test JVM into a template database; each test then gets a cheap
 * copy of it.
 */
public final class MigratedDatabases {

	private static volatile TestDatabase template;

	private MigratedDatabases() {
	}

	/**
	 * A new database at the latest schema version.
	 * @param purpose a label for the database name
	 * @return the database
	 */
	public static TestDatabase fresh(String purpose) {
		return PostgresServer.get().copyOf(purpose, template());
	}

	/** Runs the production migrations on a database. */
	public static void migrate(TestDatabase database) {
		flyway(database).migrate();
	}

	/** The Flyway instance production uses, pointed at a test database. */
	public static Flyway flyway(TestDatabase database) {
		return configuration(database).load();
	}

	/**
	 * The Flyway configuration production uses ({@link Migrations}), pointed at a test
	 * database, for tests that vary it (baseline, out of order).
	 */
	public static FluentConfiguration configuration(TestDatabase database) {
		return Migrations.configuration(database.url(), database.user(), database.password());
	}

	private static TestDatabase template() {
		if (template == null) {
			synchronized (MigratedDatabases.class) {
				if (template == null) {
					TestDatabase database = PostgresServer.get().newDatabase("template");
					migrate(database);
					template = database;
				}
			}
		}
		return template;
	}

}
