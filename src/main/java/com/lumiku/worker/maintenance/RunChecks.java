package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs checks one after the other, each in a transaction of its own with its own
 * {@code statement_timeout} and {@code lock_timeout}, so a check that times out or is
 * refused is reported as that check's ERROR and the others still run. A database that is
 * gone fails every check the same way, each with the reason.
 */
final class RunChecks {

	private static final Logger logger = LoggerFactory.getLogger(RunChecks.class);

	private static final String TIMEOUTS = """
			SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true)
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Duration statementTimeout;

	RunChecks(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Duration statementTimeout) {
		if (statementTimeout.isNegative() || statementTimeout.isZero()) {
			throw new IllegalArgumentException("statementTimeout must be positive, got " + statementTimeout);
		}
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.statementTimeout = statementTimeout;
	}

	/**
	 * Runs each check.
	 * @param checks the checks, in the order to run them
	 * @param record whether checks record their history (the job does, the report not)
	 * @return one outcome per check, in the same order
	 */
	List<CheckOutcome> run(List<MaintenanceCheck> checks, boolean record) {
		List<CheckOutcome> outcomes = new ArrayList<>();
		String timeout = this.statementTimeout.toMillis() + "ms";
		for (MaintenanceCheck check : checks) {
			try {
				outcomes.add(this.transactions.execute((status) -> {
					this.jdbc.queryForList(TIMEOUTS, timeout, timeout);
					return check.run(this.jdbc, record);
				}));
			}
			catch (DataAccessException | TransactionException ex) {
				String reason = reason(ex);
				logger.warn("Check {} failed: {}", check.name(), reason);
				outcomes.add(CheckOutcome.failed(check.name(), check.threshold(), reason));
			}
		}
		return outcomes;
	}

	private static String reason(RuntimeException ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return message.replaceAll("\\s*\\R\\s*", " ").trim();
	}

}
