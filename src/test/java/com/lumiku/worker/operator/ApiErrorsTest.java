package com.lumiku.worker.operator;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures the API reports as 503 (database unavailable) rather than 500. */
class ApiErrorsTest {

	@Test
	void a_connection_failure_anywhere_in_the_cause_chain_is_the_database_being_unavailable() {
		SQLException refused = new SQLException("Connection to localhost:5432 refused", "08001");
		assertThat(ApiErrors.isDatabaseUnavailable(new IllegalStateException("wrapped", refused))).isTrue();
		assertThat(ApiErrors.isDatabaseUnavailable(new CannotGetJdbcConnectionException("pool", refused))).isTrue();
	}

	@Test
	void other_sql_errors_and_bugs_are_not() {
		SQLException unique = new SQLException("duplicate key", "23505");
		assertThat(ApiErrors.isDatabaseUnavailable(new IllegalStateException("wrapped", unique))).isFalse();
		assertThat(ApiErrors.isDatabaseUnavailable(new NullPointerException())).isFalse();
	}

}
