package com.lumiku.worker.maintenance;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.lumiku.worker.maintenance.CheckOutcome.Status;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slow-statements} on the three kinds of server it meets: without
 * pg_stat_statements (a NOTE, no figure), with the extension created but its library not
 * preloaded (the check fails and says why), and on a server that preloads it (the slow
 * statement is listed and warned about).
 */
class SlowStatementsCheckTest {

	@Test
	void without_the_extension_the_check_says_it_could_not_check_and_publishes_no_figure() {
		TestDatabase database = PostgresServer.get().newDatabase("slow_none");
		try {
			CheckOutcome outcome = check(new JdbcTemplate(database.dataSource()));
			assertThat(outcome.status()).isEqualTo(Status.NOTE);
			assertThat(outcome.figure()).isEqualTo("not checked: no pg_stat_statements");
			assertThat(outcome.values()).isEmpty();
		}
		finally {
			PostgresServer.get().dropDatabase(database);
		}
	}

	@Test
	void with_the_extension_but_not_preloaded_the_check_fails_naming_the_cause() {
		TestDatabase database = PostgresServer.get().newDatabase("slow_unloaded");
		try {
			JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
			jdbc.execute("CREATE EXTENSION pg_stat_statements");
			CheckOutcome outcome = check(jdbc);
			assertThat(outcome.status()).isEqualTo(Status.ERROR);
			assertThat(outcome.figure()).contains("shared_preload_libraries");
		}
		finally {
			PostgresServer.get().dropDatabase(database);
		}
	}

	@Test
	void on_a_server_that_preloads_it_a_statement_slower_than_a_second_is_listed_and_warned_about() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(Files.createTempDirectory("lumiku-test-pgss"))
			.setCleanDataDirectory(true)
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.setServerConfig("fsync", "off")
			.start()) {
			JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
			jdbc.execute("CREATE EXTENSION pg_stat_statements");
			jdbc.queryForList("SELECT pg_sleep(1.2)");

			CheckOutcome outcome = check(jdbc);

			assertThat(outcome.status()).isEqualTo(Status.WARN);
			assertThat(outcome.details().get(0)).matches("mean 1[2-9]\\d\\d\\.\\d ms, 1 calls, total .*pg_sleep.*");
			assertThat(outcome.values()).singleElement()
				.satisfies((value) -> assertThat(value.value()).isBetween(1.2, 10.0));
		}
	}

	private static CheckOutcome check(JdbcTemplate jdbc) {
		return new RunChecks(jdbc, new JdbcTransactionManager(jdbc.getDataSource()), Duration.ofSeconds(30))
			.run(List.of(new ListSlowestStatements()), false)
			.get(0);
	}

}
