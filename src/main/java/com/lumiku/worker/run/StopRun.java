package com.lumiku.worker.run;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Asks a running execution to stop at its next chunk boundary, wherever it runs: the
 * execution is marked STOPPING in the job repository, and the step that runs it (on this
 * process or another) sees the mark when it saves its next chunk, commits that chunk and
 * ends STOPPED, its reader's position saved for a restart.
 * <p>
 * Deliberately not {@code JobOperator.stop}: in Spring Batch 6.0 it also stops the step
 * from the calling thread, which closes the step-scoped reader of the running step and
 * resets its saved position, so a restart re-processed committed items (found by
 * {@code SchedulingIntegrationTest}). It also marks the run STOPPED before its chunk in
 * flight ended.
 */
@Component
public class StopRun {

	private static final Logger logger = LoggerFactory.getLogger(StopRun.class);

	/** The run saved itself between our read and our write: read it again. */
	private final RetryTemplate retries = new RetryTemplate(RetryPolicy.builder()
		.includes(OptimisticLockingFailureException.class)
		.maxRetries(2)
		.delay(Duration.ofMillis(20))
		.build());

	private final JobRuns runs;

	private final JobRepository repository;

	StopRun(JobRuns runs, JobRepository repository) {
		this.runs = runs;
		this.repository = repository;
	}

	/**
	 * Marks the execution STOPPING.
	 * @param executionId the execution
	 * @throws JobConflictException when it is not running
	 */
	public void stop(long executionId) {
		try {
			this.retries.execute(() -> {
				markStopping(executionId);
				return null;
			});
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof RuntimeException runtime
					&& !(runtime instanceof OptimisticLockingFailureException)) {
				throw runtime;
			}
			throw new JobConflictException("Execution " + executionId + " changed while being stopped; try again");
		}
	}

	private void markStopping(long executionId) {
		JobExecution execution = this.runs.require(executionId);
		if (!execution.isRunning()) {
			throw new JobConflictException(
					"Execution " + executionId + " is not running (status " + execution.getStatus() + ")");
		}
		if (execution.getStatus() == BatchStatus.STOPPING) {
			return;
		}
		execution.setStatus(BatchStatus.STOPPING);
		this.repository.update(execution);
		logger.info("Execution {} of {} asked to stop at its next chunk boundary", executionId,
				execution.getJobInstance().getJobName());
	}

}
