package com.lumiku.worker.analytics;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The PostgreSQL idioms of analytics-refresh in one place: each unit of work runs in its
 * own transaction with {@code SET LOCAL lock_timeout} and {@code statement_timeout}
 * (bound, via {@code set_config}), under a transaction-scoped advisory lock taken with
 * {@code pg_try_advisory_xact_lock(4011, hashtext(name))}: when another session of any
 * process holds it, the work is skipped, never queued. The materialized views' SECURITY
 * DEFINER refresh function takes the same lock on its own.
 */
final class SingleFlightTransaction {

	static final String TIMEOUTS = """
			SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)""";

	private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(4011, hashtext(?))";

	/** SQLSTATE lock_not_available: lock_timeout expired. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Duration lockTimeout;

	private final Duration statementTimeout;

	SingleFlightTransaction(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Duration lockTimeout,
			Duration statementTimeout) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.lockTimeout = lockTimeout;
		this.statementTimeout = statementTimeout;
	}

	/**
	 * Runs work in a new transaction.
	 * @param lockName the advisory lock's name, or empty when the work takes its own lock
	 * (and returns empty when it could not)
	 * @param work the work; empty when it found its lock taken
	 * @return the work's result, or the skip reason
	 */
	<T> Result<T> run(Optional<String> lockName, Function<JdbcTemplate, Optional<T>> work) {
		try {
			Optional<T> value = this.transactions.execute((status) -> {
				this.jdbc.queryForRowSet(TIMEOUTS, this.lockTimeout.toMillis() + "ms",
						this.statementTimeout.toMillis() + "ms");
				if (lockName.isPresent()
						&& !Boolean.TRUE.equals(this.jdbc.queryForObject(TRY_LOCK, Boolean.class, lockName.get()))) {
					return Optional.<T>empty();
				}
				return work.apply(this.jdbc);
			});
			return (value != null && value.isPresent()) ? new Result<>(value, Optional.empty())
					: new Result<>(Optional.empty(), Optional.of(RefreshOutcome.ALREADY_RUNNING));
		}
		catch (DataAccessException ex) {
			if (LOCK_NOT_AVAILABLE.equals(sqlState(ex))) {
				return new Result<>(Optional.empty(), Optional.of(RefreshOutcome.LOCK_TIMEOUT));
			}
			throw ex;
		}
	}

	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

	/**
	 * @param value the work's result when it ran
	 * @param skipped why it did not
	 */
	record Result<T>(Optional<T> value, Optional<String> skipped) {
	}

}
