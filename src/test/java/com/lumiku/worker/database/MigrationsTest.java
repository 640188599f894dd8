package com.lumiku.worker.database;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.lumiku.worker.operator.WorkerRuntime;
import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** One Flyway configuration for the daemon, the CLI, the benchmarks and the tests. */
class MigrationsTest {

	@AfterEach
	void clearEnvironment() {
		TestDatabase.clearWorkerEnvironment();
	}

	@Test
	void a_first_migration_logs_none_of_the_servers_notices() {
		TestDatabase database = PostgresServer.get().newDatabase("notices");
		Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
		ListAppender<ILoggingEvent> events = new ListAppender<>();
		events.start();
		flyway.addAppender(events);
		try {
			MigratedDatabases.migrate(database);
		}
		finally {
			flyway.detachAppender(events);
			PostgresServer.get().dropDatabase(database);
		}
		assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
			.isNotEmpty()
			.noneMatch((line) -> line.contains("skipping"));
	}

	/**
	 * The migration versions of the last release. A migration added since must be
	 * numbered above all of them: Flyway refuses to apply one below a database's newest
	 * applied migration ("detected resolved migration not applied to database"), so a
	 * lower number would stop every upgraded daemon at start-up.
	 */
	private static final List<String> RELEASED_VERSIONS = List.of("1", "2", "3", "4", "5", "6", "7", "10", "20", "21",
			"30", "31", "40", "41", "45", "50", "65", "70", "71", "75");

	@Test
	void every_migration_added_since_the_last_release_is_numbered_above_it() {
		TestDatabase database = PostgresServer.get().newDatabase("versions");
		try {
			MigrationVersion newestReleased = RELEASED_VERSIONS.stream()
				.map(MigrationVersion::fromVersion)
				.max(Comparator.naturalOrder())
				.orElseThrow();
			assertThat(Arrays.stream(MigratedDatabases.flyway(database).info().all())
				.map(MigrationInfo::getVersion)
				.filter((version) -> !RELEASED_VERSIONS.contains(version.getVersion())))
				.as("migrations added since the last release")
				.allSatisfy((version) -> assertThat(version).isGreaterThan(newestReleased));
		}
		finally {
			PostgresServer.get().dropDatabase(database);
		}
	}

	@Test
	void the_flyway_spring_boot_runs_for_the_cli_and_the_daemon_has_the_one_configuration() {
		TestDatabase database = PostgresServer.get().newDatabase("boot_flyway");
		database.workerEnvironment().forEach(System::setProperty);
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			Configuration configuration = runtime.bean(Flyway.class).getConfiguration();
			Configuration expected = Migrations.configuration(database.url(), null, null).load().getConfiguration();
			assertThat(configuration.getInitSql()).isEqualTo(expected.getInitSql()).contains("client_min_messages");
			assertThat(transactionalLock(configuration)).isFalse();
			assertThat(configuration.getLocations()).containsExactly(expected.getLocations());
			assertThat(configuration.getBaselineVersion()).isEqualTo(expected.getBaselineVersion());
		}
		finally {
			PostgresServer.get().dropDatabase(database);
		}
	}

	private static boolean transactionalLock(Configuration configuration) {
		return configuration.getPluginRegister()
			.getPlugin(PostgreSQLConfigurationExtension.class)
			.isTransactionalLock();
	}

}
