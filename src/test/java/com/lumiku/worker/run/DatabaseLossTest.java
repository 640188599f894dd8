package com.lumiku.worker.run;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures count as a lost database, found wherever they sit among a run's
 * exceptions, and which are the run's own.
 */
class DatabaseLossTest {

	@Test
	void a_lost_connection_is_found_under_the_wrappers_spring_batch_puts_around_it() {
		PSQLException io = new PSQLException("An I/O error occurred while sending to the backend.",
				PSQLState.CONNECTION_FAILURE, new java.io.EOFException());
		Throwable wrapped = new FatalStepExecutionException("Unable to process chunk",
				new TransactionSystemException("Could not commit JDBC transaction", io));

		assertThat(DatabaseLoss.in(List.of(wrapped)))
			.contains("PSQLException (SQLState 08006): An I/O error occurred while sending to the backend.");
	}

	@Test
	void a_loss_hidden_behind_a_failed_rollback_is_found() {
		// what a chunk whose connection was terminated leaves: its rollback fails on the
		// closed connection, and what closed it is only the rollback's application
		// exception
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new DataAccessResourceFailureException("StatementCallback",
				new SQLException("FATAL: terminating connection due to administrator command", "57P01")));

		assertThat(DatabaseLoss.in(List.of(new FatalStepExecutionException("Unable to process chunk", rollback))))
			.contains("SQLException (SQLState 57P01): FATAL: terminating connection due to administrator command");
		assertThat(DatabaseLoss.in(List
			.of(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))))
			.as("a closed connection alone says nothing of why")
			.isEmpty();
	}

	@Test
	void each_kind_of_loss_is_recognised() {
		List<Throwable> losses = List.of(
				new SQLException("terminating connection due to administrator command", "57P01"),
				new SQLException("terminating connection because of crash of another server process", "57P02"),
				new SQLException("the database system is starting up", "57P03"),
				new SQLException("sorry, too many clients already", "53300"),
				new SQLException("Connection to 127.0.0.1:5432 refused", "08001"),
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"),
				new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));
		for (Throwable loss : losses) {
			assertThat(DatabaseLoss.in(List.of(new RuntimeException("wrapper", loss)))).as(loss.toString()).isPresent();
		}
	}

	@Test
	void a_run_s_own_errors_are_not_a_loss() {
		List<Throwable> own = List.of(
				new DataIntegrityViolationException("duplicate key",
						new SQLException("duplicate key value violates unique constraint", "23505")),
				new QueryTimeoutException("canceling statement due to statement timeout",
						new SQLException("canceling statement due to statement timeout", "57014")),
				new UncategorizedSQLException("deadlock", "UPDATE x", new SQLException("deadlock detected", "40P01")),
				new IllegalStateException("gateway unreachable", new ConnectException("Connection refused")),
				new IllegalStateException("SQLState 08006 Connection refused, as words in a message"));
		for (Throwable failure : own) {
			assertThat(DatabaseLoss.in(List.of(failure))).as(failure.toString()).isEmpty();
		}
	}

	@Test
	void suppressed_and_chained_sql_exceptions_are_read_and_a_cause_cycle_ends() {
		RuntimeException suppressing = new RuntimeException("rollback failed too");
		suppressing.addSuppressed(new SQLException("This connection has been closed.", "08003"));
		assertThat(DatabaseLoss.in(List.of(suppressing))).isPresent();

		SQLException batch = new SQLException("Batch entry 0 was aborted", "25P02");
		batch.setNextException(new SQLException("terminating connection due to administrator command", "57P01"));
		assertThat(DatabaseLoss.in(List.of(batch))).isPresent();

		RuntimeException first = new RuntimeException("first");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);
		assertThat(DatabaseLoss.in(List.of(first))).isEmpty();
	}

	@Test
	void the_mark_comes_first_so_truncation_never_cuts_it() {
		String description = DatabaseLoss.marked("PSQLException (SQLState 57P01): FATAL: terminating",
				"x".repeat(5000));

		assertThat(description.substring(0, 2500)).startsWith(DatabaseLoss.MARK + " (PSQLException (SQLState 57P01)");
		assertThat(DatabaseLoss.marked("a loss", "")).isEqualTo(DatabaseLoss.MARK + " (a loss)");
	}

}
