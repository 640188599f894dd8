package com.lumiku.worker.database;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives Spring Boot's auto-configured Flyway (the daemon's and the CLI's migration on
 * start-up) the worker's one configuration, {@link Migrations}. Only
 * {@code spring.flyway.enabled} ({@code LUMIKU_MIGRATE_ON_START}) and
 * {@code spring.flyway.baseline-on-migrate} ({@code LUMIKU_ADOPT_EXISTING}) come from the
 * Spring configuration.
 */
@Component
class MigrationsCustomizer implements FlywayConfigurationCustomizer {

	@Override
	public void customize(FluentConfiguration configuration) {
		Migrations.apply(configuration);
	}

}
