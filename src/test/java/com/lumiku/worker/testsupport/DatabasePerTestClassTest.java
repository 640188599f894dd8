package com.lumiku.worker.testsupport;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Each integration test class runs on its own fresh database, not one shared by all. */
@SpringBootTest(properties = "spring.main.web-application-type=none")
class DatabasePerTestClassTest extends WorkerIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void the_context_uses_the_database_of_this_test_class() {
		assertThat(this.jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(database().name())
			.contains(getClass().getSimpleName().toLowerCase(Locale.ROOT));
		assertThat(DatabasePerTestClass.of(getClass())).isSameAs(this.database);
	}

	@Test
	void the_database_is_fresh_and_migrated() {
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE NOT success", Integer.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history", Integer.class)).isPositive();
		assertThat(this.jdbc.queryForObject(
				"SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM lumiku_worker.batch_job_instance)",
				Integer.class))
			.as("rows another test class left")
			.isZero();
	}

}
