package com.lumiku.worker.partition;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs partition DDL so that it never holds up the app for long: each attempt waits at
 * most {@code lock_timeout} for its lock (the app's inserts queue behind a DDL statement
 * that waits for a lock, so the wait must be short), and an attempt that timed out or
 * deadlocked is retried after a growing pause. The one place this package runs DDL.
 */
final class LockedDdl {

	/** A unit of DDL on one connection. */
	@FunctionalInterface
	interface ConnectionWork<T> {

		T run(Connection connection) throws SQLException;

	}

	private static final Logger logger = LoggerFactory.getLogger(LockedDdl.class);

	private final DataSource dataSource;

	private final Duration lockTimeout;

	private final int retries;

	LockedDdl(DataSource dataSource, Duration lockTimeout, int retries) {
		this.dataSource = dataSource;
		this.lockTimeout = lockTimeout;
		this.retries = retries;
	}

	/**
	 * Runs the work in one transaction whose every lock wait is bounded; retried whole
	 * when a lock was not granted in time.
	 */
	<T> T inTransaction(String what, ConnectionWork<T> work) {
		return withRetries(what, false, work);
	}

	void inTransaction(String what, List<String> statements) {
		inTransaction(what, (connection) -> {
			execute(connection, statements);
			return null;
		});
	}

	/**
	 * Runs statements that cannot run in a transaction block ({@code CONCURRENTLY}) on an
	 * autocommit connection, each lock wait bounded, retried when a lock was not granted.
	 */
	void outsideTransaction(String what, String statement) {
		withRetries(what, true, (connection) -> {
			execute(connection, List.of(statement));
			return null;
		});
	}

	private <T> T withRetries(String what, boolean autocommit, ConnectionWork<T> work) {
		for (int attempt = 0;; attempt++) {
			try (Connection connection = this.dataSource.getConnection()) {
				return attempt(connection, autocommit, work);
			}
			catch (SQLException ex) {
				if (!isLockWait(ex) || attempt >= this.retries) {
					throw new PartitionException(what + " failed after " + (attempt + 1) + " attempt(s): "
							+ ex.getMessage() + " [SQLState " + ex.getSQLState() + "]", ex);
				}
				logger.info("{}: lock not granted within {} (attempt {} of {}), retrying", what, this.lockTimeout,
						attempt + 1, this.retries + 1);
				pause(attempt);
			}
		}
	}

	private <T> T attempt(Connection connection, boolean autocommit, ConnectionWork<T> work) throws SQLException {
		boolean previous = connection.getAutoCommit();
		try (Statement statement = connection.createStatement()) {
			connection.setAutoCommit(autocommit);
			statement.execute("SET lock_timeout = " + this.lockTimeout.toMillis());
			T result = work.run(connection);
			if (!autocommit) {
				connection.commit();
			}
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			if (!autocommit) {
				connection.rollback();
			}
			throw ex;
		}
		finally {
			try (Statement reset = connection.createStatement()) {
				if (!autocommit) {
					connection.rollback();
				}
				connection.setAutoCommit(true);
				reset.execute("RESET lock_timeout");
			}
			connection.setAutoCommit(previous);
		}
	}

	static void execute(Connection connection, List<String> statements) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				logger.debug("DDL: {}", sql);
				statement.execute(sql);
			}
		}
	}

	private static boolean isLockWait(SQLException ex) {
		return "55P03".equals(ex.getSQLState()) || "40P01".equals(ex.getSQLState());
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(Math.min(2000, 50L * (attempt + 1) + (long) (Math.random() * 50)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PartitionException("interrupted while waiting to retry DDL", ex);
		}
	}

	static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
