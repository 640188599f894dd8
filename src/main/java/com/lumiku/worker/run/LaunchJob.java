package com.lumiku.worker.run;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;

/**
 * Runs an execution in the calling thread through Spring Batch's {@link JobOperator}, a
 * new one or a restart, retrying what the job repository's SERIALIZABLE transactions make
 * fail under concurrent launches, and releases it from {@link RunningExecutions} once the
 * operator returned.
 */
@Component
class LaunchJob {

	private static final Logger logger = LoggerFactory.getLogger(LaunchJob.class);

	/**
	 * Spring Batch creates the job instance and execution in a SERIALIZABLE transaction;
	 * two launches at the same moment (two jobs firing at midnight on two workers) can
	 * make PostgreSQL abort one of them before anything ran. That launch is tried again.
	 */
	private final RetryTemplate launchRetries = new RetryTemplate(RetryPolicy.builder()
		.includes(ConcurrencyFailureException.class)
		.maxRetries(4)
		.delay(Duration.ofMillis(50))
		.jitter(Duration.ofMillis(40))
		.multiplier(1.5)
		.build());

	/**
	 * The same serialization failures can hit Spring Batch's bookkeeping once the run has
	 * begun (creating a step execution, found by {@code ClusterProcessTest}): the run
	 * then ends FAILED at the job level before its step did anything, and nobody would
	 * retry it. Such a run is restarted, from where it was, a few times.
	 */
	private final RetryTemplate bookkeepingRetries = new RetryTemplate(RetryPolicy.builder()
		.includes(FailedOnBookkeeping.class)
		.maxRetries(3)
		.delay(Duration.ofMillis(50))
		.jitter(Duration.ofMillis(40))
		.multiplier(1.5)
		.build());

	/** The SQLSTATE of the database's refusal of a second execution of a run (V75). */
	static final String SECOND_EXECUTION = "LW001";

	private final JobOperator operator;

	private final RunningExecutions running;

	private final RemoveEmptyJobInstance emptyInstances;

	LaunchJob(JobOperator operator, RunningExecutions running, RemoveEmptyJobInstance emptyInstances) {
		this.operator = operator;
		this.running = running;
		this.emptyInstances = emptyInstances;
	}

	/** Starts a new execution and returns it once it ended. */
	JobExecution start(Job job, JobParameters parameters) throws Exception {
		try {
			JobExecution execution = retrying(this.launchRetries, () -> refusingSecondExecutions(() -> {
				// an earlier attempt (this one's, or a dead process's) may have created
				// the instance and failed before its execution
				this.emptyInstances.removeIfEmpty(job.getName(), parameters);
				return this.operator.start(job, parameters);
			}));
			return restartAfterBookkeepingFailures(execution);
		}
		finally {
			released();
		}
	}

	/**
	 * Restarts a stopped or failed execution and returns the new one once it ended. The
	 * new execution is created in the same SERIALIZABLE transaction as a new run's, so
	 * the same serialization failures are retried: a dead worker's runs are resumed by
	 * several ticks at once, and one failed restart used to leave its period FAILED for
	 * good (found by the chaos suite).
	 */
	JobExecution restart(JobExecution execution) throws Exception {
		try {
			return restartAfterBookkeepingFailures(retrying(this.launchRetries,
					() -> refusingSecondExecutions(() -> this.operator.restart(execution))));
		}
		finally {
			released();
		}
	}

	/**
	 * The launch returned: whatever it ran is no longer running here. The run's logging
	 * context goes too (a run whose last save failed never reached its listener's end).
	 */
	private void released() {
		this.running.releaseCurrentThread();
		MDC.remove("job");
		MDC.remove("execution");
	}

	private JobExecution restartAfterBookkeepingFailures(JobExecution execution) {
		if (!failedOnBookkeeping(execution)) {
			return execution;
		}
		JobExecution[] latest = { execution };
		try {
			return this.bookkeepingRetries.execute(() -> {
				logger.info("Run {} of {} failed on a serialization failure in the job repository; restarting it",
						latest[0].getId(), latest[0].getJobInstance().getJobName());
				JobExecution failed = latest[0];
				latest[0] = retrying(this.launchRetries,
						() -> refusingSecondExecutions(() -> this.operator.restart(failed)));
				if (failedOnBookkeeping(latest[0])) {
					throw new FailedOnBookkeeping();
				}
				return latest[0];
			});
		}
		catch (RetryException ex) {
			if (!(ex.getLastException() instanceof FailedOnBookkeeping)) {
				logger.warn("Could not restart run {} of {}: {}; it stays FAILED (restartable by hand)",
						latest[0].getId(), latest[0].getJobInstance().getJobName(), ex.getLastException().getMessage());
			}
			return latest[0];
		}
	}

	/**
	 * Failed on a serialization failure in the job or in one of its steps (saving a
	 * step's context when the step opens, found by the chaos suite).
	 */
	private static boolean failedOnBookkeeping(JobExecution execution) {
		return execution.getStatus() == BatchStatus.FAILED && execution.getAllFailureExceptions()
			.stream()
			.anyMatch((failure) -> failure instanceof ConcurrencyFailureException);
	}

	/**
	 * The database refuses a second execution of a run while one runs or after it
	 * completed (V75, SQLSTATE {@code LW001}): Spring Batch checks that only before, and
	 * outside, the transaction that inserts the execution, so two restarts of one period
	 * at the same moment both passed its check. The refusal is reported as Spring Batch's
	 * own "already running".
	 */
	private static JobExecution refusingSecondExecutions(org.springframework.core.retry.Retryable<JobExecution> launch)
			throws Throwable {
		try {
			return launch.execute();
		}
		catch (RuntimeException ex) {
			Throwable cause = ex;
			// bounded: a cause chain may loop
			for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
				if (cause instanceof java.sql.SQLException sql && SECOND_EXECUTION.equals(sql.getSQLState())) {
					throw new JobExecutionAlreadyRunningException(sql.getMessage());
				}
			}
			throw ex;
		}
	}

	private static <T> T retrying(RetryTemplate template, org.springframework.core.retry.Retryable<T> call)
			throws Exception {
		try {
			return template.execute(call);
		}
		catch (RetryException ex) {
			Throwable cause = ex.getLastException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	/** A run that ended FAILED on a serialization failure of the job repository. */
	private static final class FailedOnBookkeeping extends RuntimeException {

		FailedOnBookkeeping() {
			super("failed on a serialization failure in the job repository", null, false, false);
		}

	}

}
