package com.lumiku.worker.run;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a run that failed because the database went away (its connection was cut, the
 * server restarted or refused connections) from a run that failed on its own error, by
 * the exceptions themselves, at the moment the run fails.
 *
 * <p>
 * Spring Batch keeps a failed run's exception only as text in its exit description,
 * truncated to 2,500 characters: a step's failure is wrapped (for example in
 * {@code FatalStepExecutionException: Unable to process chunk}) and its stack trace fills
 * those characters before the cause is reached, so the cause cannot be read back later.
 * {@link JobRunListener} therefore asks {@link #in} when a run fails and puts
 * {@link #MARK} at the start of its exit description, where truncation cannot cut it;
 * {@code scheduling.ResumeLostPeriods} resumes the periods that carry it.
 *
 * <p>
 * A loss of the database is, anywhere in an exception's causes, suppressed exceptions,
 * chained SQL exceptions or the application exception of a failed rollback (a chunk whose
 * connection died fails its rollback with "Connection is closed" and keeps what killed it
 * only there):
 * <ul>
 * <li>a {@link SQLException} whose SQLState is of class 08 (connection exception),
 * 57P01/57P02 (the server terminated the connection, shutting down or crashing), 57P03
 * (the server is starting up or in recovery) or 53300 (too many connections);</li>
 * <li>a JDBC connection exception ({@link SQLTransientConnectionException}, also a pool
 * that timed out waiting for a connection, {@link SQLNonTransientConnectionException},
 * {@link SQLRecoverableException});</li>
 * <li>Spring's {@link DataAccessResourceFailureException} (no connection could be
 * obtained) or {@link CannotCreateTransactionException}.</li>
 * </ul>
 * Nothing else counts: a statement timeout, a deadlock, a constraint violation or a
 * gateway's socket error is the run's own failure and must not be resumed in a loop.
 */
public final class DatabaseLoss {

	/**
	 * What a run failed on a lost database carries at the start of its exit description.
	 */
	public static final String MARK = "lumiku: failed on a lost database connection";

	private static final List<String> SQL_STATES = List.of("57P01", "57P02", "57P03", "53300");

	private static final int MAX_EXCEPTIONS = 64;

	private DatabaseLoss() {
	}

	/**
	 * The first loss of the database among the failures, described in one line.
	 * @param failures a run's failure exceptions (with their causes)
	 * @return a description such as {@code PSQLException (SQLState 57P01): FATAL:
	 * terminating connection due to administrator command}, or empty
	 */
	public static Optional<String> in(List<? extends Throwable> failures) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Throwable> pending = new ArrayDeque<>(failures);
		while (!pending.isEmpty() && seen.size() < MAX_EXCEPTIONS) {
			Throwable failure = pending.removeFirst();
			if (failure == null || !seen.add(failure)) {
				continue;
			}
			if (isLoss(failure)) {
				return Optional.of(describe(failure));
			}
			if (failure.getCause() != null) {
				pending.addFirst(failure.getCause());
			}
			for (Throwable suppressed : failure.getSuppressed()) {
				pending.addLast(suppressed);
			}
			if (failure instanceof SQLException sql && sql.getNextException() != null) {
				pending.addLast(sql.getNextException());
			}
			if (failure instanceof TransactionSystemException transaction
					&& transaction.getApplicationException() != null) {
				// a rollback that failed on the dead connection hides what killed it here
				pending.addLast(transaction.getApplicationException());
			}
		}
		return Optional.empty();
	}

	/**
	 * The exit description of a run failed on a lost database.
	 * @param loss what {@link #in} found
	 * @param description the run's exit description so far
	 * @return {@link #MARK} and the loss, then the description
	 */
	public static String marked(String loss, String description) {
		String mark = MARK + " (" + loss + ")";
		return (description == null || description.isBlank()) ? mark : mark + "; " + description;
	}

	static boolean isLoss(Throwable failure) {
		if (failure instanceof SQLTransientConnectionException || failure instanceof SQLNonTransientConnectionException
				|| failure instanceof SQLRecoverableException || failure instanceof DataAccessResourceFailureException
				|| failure instanceof CannotCreateTransactionException) {
			return true;
		}
		if (failure instanceof SQLException sql && sql.getSQLState() != null) {
			String state = sql.getSQLState();
			return state.startsWith("08") || SQL_STATES.contains(state);
		}
		return false;
	}

	/** The loss, by its innermost SQL exception with a state when it has one. */
	private static String describe(Throwable loss) {
		Throwable failure = loss;
		Throwable cause = loss;
		for (int depth = 0; cause != null && depth < MAX_EXCEPTIONS; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				failure = cause;
			}
		}
		String message = (failure.getMessage() != null) ? failure.getMessage().strip() : "";
		int newline = message.indexOf('\n');
		if (newline >= 0) {
			message = message.substring(0, newline).strip();
		}
		if (message.length() > 200) {
			message = message.substring(0, 200) + "...";
		}
		String state = (failure instanceof SQLException sql && sql.getSQLState() != null)
				? " (SQLState " + sql.getSQLState() + ")" : "";
		return failure.getClass().getSimpleName() + state + (message.isEmpty() ? "" : ": " + message);
	}

}
