package com.lumiku.worker.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the Spring integration tests: the application context runs against its own
 * fresh, migrated PostgreSQL database (see {@link PostgresServer} for which server).
 */
public abstract class WorkerIntegrationTest {

	protected static final TestDatabase database = MigratedDatabases.fresh("it");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.springProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

}
