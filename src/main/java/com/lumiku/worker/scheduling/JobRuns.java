package com.lumiku.worker.scheduling;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The one way a job run starts, stops, restarts or is recovered, whoever asks (Quartz,
 * HTTP, CLI): always through Spring Batch's {@link JobOperator}. A failed launch is
 * logged, counted and rethrown, never swallowed.
 *
 * <p>
 * Every run carries one identifying parameter, {@value #RUN_KEY}: the logical period for
 * a scheduled run (its scheduled fire time), an operator's key or a fresh one for a
 * manual run. Spring Batch's unique job-instance key then guarantees that a period runs
 * to completion at most once, across processes and restarts. The job's declared
 * parameters are non-identifying. Which process runs an execution is kept apart, in
 * {@link ExecutionOwners}.
 */
@Component
public class JobRuns {

	/** The identifying business key of a run. */
	public static final String RUN_KEY = "runKey";

	/** {@code schedule} or {@code manual}. */
	public static final String ORIGIN = "origin";

	private static final int LAUNCH_ATTEMPTS = 5;

	private static final Logger logger = LoggerFactory.getLogger(JobRuns.class);

	private final JobCatalog catalog;

	private final JobOperator operator;

	private final JobRepository repository;

	private final WorkerIdentity identity;

	private final JobMetrics metrics;

	private final ExecutionOwners owners;

	private final SchedulingProperties properties;

	public JobRuns(JobCatalog catalog, JobOperator operator, JobRepository repository, WorkerIdentity identity,
			JobMetrics metrics, ExecutionOwners owners, SchedulingProperties properties) {
		this.catalog = catalog;
		this.operator = operator;
		this.repository = repository;
		this.identity = identity;
		this.metrics = metrics;
		this.owners = owners;
		this.properties = properties;
	}

	/**
	 * Validates a request and runs it in the calling thread until it ends.
	 * @param request what to run
	 * @return the finished execution
	 * @throws UnknownJobException for an unknown job
	 * @throws InvalidJobParametersException for parameters the job does not accept
	 * @throws JobConflictException when the job is running (manual runs) or the run key
	 * completed
	 */
	public JobExecution run(RunRequest request) {
		JobCatalog.Entry entry = this.catalog.require(request.jobName());
		Map<String, String> values = entry.descriptor()
			.validate((request.origin() == RunRequest.Origin.MANUAL)
					? this.catalog.manualParameters(entry.name(), request.parameters()) : request.parameters());
		String runKey = request.runKey().orElseGet(() -> "manual-" + Instant.now());
		if (request.origin() == RunRequest.Origin.MANUAL) {
			refuseIfRunning(entry.name());
		}
		JobParameters parameters = parameters(runKey, values, request.origin());
		try {
			logger.info("Starting {} run {} ({})", entry.name(), runKey, request.origin());
			return startRetryingSerializationFailures(entry, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			throw new JobConflictException(
					"Job '" + entry.name() + "' already completed run key '" + runKey + "'; a period runs once");
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw new JobConflictException("Job '" + entry.name() + "' run key '" + runKey + "' is already running");
		}
		catch (Exception ex) {
			this.metrics.launchFailed(entry.name());
			logger.error("Could not launch {} run {}: {}", entry.name(), runKey, ex.getMessage(), ex);
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
	}

	/**
	 * Spring Batch creates the job instance and execution in a SERIALIZABLE transaction;
	 * two launches at the same moment (two jobs firing at midnight on two workers) can
	 * make PostgreSQL abort one of them with a serialization failure before anything ran.
	 * That launch is simply tried again.
	 */
	private JobExecution startRetryingSerializationFailures(JobCatalog.Entry entry, JobParameters parameters)
			throws Exception {
		for (int attempt = 1;; attempt++) {
			try {
				return restartAfterBookkeepingFailures(this.operator.start(entry.job(), parameters));
			}
			catch (ConcurrencyFailureException ex) {
				if (attempt == LAUNCH_ATTEMPTS) {
					throw ex;
				}
				logger.debug("Launch of {} hit a serialization failure; trying again ({})", entry.name(),
						ex.getMessage());
				Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(20, 200));
			}
		}
	}

	/**
	 * The same serialization failures can hit Spring Batch's own bookkeeping once the run
	 * has begun (creating a step execution, found by {@code ClusterProcessTest} when a
	 * recovered run was restarted while other workers launched ticks): the run then ends
	 * FAILED at the job level before its step did anything, and nobody would retry it.
	 * Such a run is restarted, from where it was, a few times.
	 */
	private JobExecution restartAfterBookkeepingFailures(JobExecution execution) {
		JobExecution current = execution;
		for (int attempt = 1; attempt < LAUNCH_ATTEMPTS && failedOnBookkeeping(current); attempt++) {
			logger.info("Run {} of {} failed on a serialization failure in the job repository; restarting it",
					current.getId(), current.getJobInstance().getJobName());
			try {
				Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(20, 200));
				current = this.operator.restart(current);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return current;
			}
			catch (Exception ex) {
				logger.warn("Could not restart run {} of {}: {}; it stays FAILED (restartable by hand)",
						current.getId(), current.getJobInstance().getJobName(), ex.getMessage());
				return current;
			}
		}
		return current;
	}

	private static boolean failedOnBookkeeping(JobExecution execution) {
		return execution.getStatus() == BatchStatus.FAILED && execution.getFailureExceptions()
			.stream()
			.anyMatch((failure) -> failure instanceof ConcurrencyFailureException);
	}

	/**
	 * Restarts a failed or stopped execution (same job instance, from where it stopped),
	 * in the calling thread. An execution left running by a dead worker is recovered
	 * first.
	 * @param executionId the execution to restart
	 * @return the new execution, finished
	 */
	public JobExecution restart(long executionId) {
		JobExecution execution = require(executionId);
		if (execution.isRunning()) {
			recoverIfOrphaned(execution, (worker) -> false);
			execution = require(executionId);
			if (execution.isRunning()) {
				throw new JobConflictException(
						"Execution " + executionId + " of '" + execution.getJobInstance().getJobName()
								+ "' is still running (status " + execution.getStatus() + "); stop it first");
			}
		}
		try {
			logger.info("Restarting execution {} of {}", executionId, execution.getJobInstance().getJobName());
			return restartAfterBookkeepingFailures(this.operator.restart(this.require(executionId)));
		}
		catch (JobRestartException ex) {
			throw new JobConflictException("Execution " + executionId + " cannot be restarted: " + ex.getMessage());
		}
	}

	/**
	 * Asks a running execution to stop at its next chunk boundary, wherever it runs: the
	 * execution is marked STOPPING in the job repository, and the step that runs it (on
	 * this process or another) sees the mark when it saves its next chunk, commits that
	 * chunk and ends STOPPED, its reader's position saved for a restart.
	 * <p>
	 * Deliberately not {@code JobOperator.stop}: in Spring Batch 6.0 it also stops the
	 * step from the calling thread, which closes the step-scoped reader of the running
	 * step and resets its saved position, so a restart re-processed committed items
	 * (found by {@code SchedulingIntegrationTest}). It also marks the run STOPPED before
	 * its chunk in flight ended.
	 * @param executionId the execution
	 */
	public void stop(long executionId) {
		for (int attempt = 1;; attempt++) {
			JobExecution execution = require(executionId);
			if (!execution.isRunning()) {
				throw new JobConflictException(
						"Execution " + executionId + " is not running (status " + execution.getStatus() + ")");
			}
			if (execution.getStatus() == BatchStatus.STOPPING) {
				return;
			}
			execution.setStatus(BatchStatus.STOPPING);
			try {
				this.repository.update(execution);
				logger.info("Execution {} of {} asked to stop at its next chunk boundary", executionId,
						execution.getJobInstance().getJobName());
				return;
			}
			catch (OptimisticLockingFailureException ex) {
				// The run saved itself meanwhile: read it again and retry.
				if (attempt == 3) {
					throw new JobConflictException(
							"Execution " + executionId + " changed while being stopped; try again");
				}
			}
		}
	}

	/**
	 * Marks an execution left running by a dead worker as FAILED, so that it can be
	 * restarted.
	 * @param execution a running execution
	 * @param isAlive tells whether a worker id is alive
	 * @return true when it was recovered
	 */
	public boolean recoverIfOrphaned(JobExecution execution, java.util.function.Predicate<String> isAlive) {
		if (!execution.isRunning()) {
			return false;
		}
		Optional<String> owner = this.owners.owner(execution.getId());
		String worker = owner.orElse("(none: it never started)");
		if (owner.isEmpty() ? !createdLongAgo(execution)
				: (this.identity.id().equals(worker) || isAlive.test(worker))) {
			return false;
		}
		String job = execution.getJobInstance().getJobName();
		logger.warn(
				"Execution {} of {} was left {} by worker {}, which is gone; marking it FAILED so it can be restarted",
				execution.getId(), job, execution.getStatus(), worker);
		this.operator.recover(execution);
		this.metrics.recovered(job);
		return true;
	}

	private boolean createdLongAgo(JobExecution execution) {
		java.time.LocalDateTime created = execution.getCreateTime();
		return created != null
				&& created.plus(this.properties.workerStaleAfter()).isBefore(java.time.LocalDateTime.now());
	}

	/** Whether this process runs the execution. */
	public boolean isMine(JobExecution execution) {
		return this.owners.isMine(execution.getId());
	}

	/** The worker that runs or ran an execution. */
	public Optional<String> owner(JobExecution execution) {
		return this.owners.owner(execution.getId());
	}

	/** The execution of that id. */
	public JobExecution require(long executionId) {
		JobExecution execution;
		try {
			execution = this.repository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6.0's JDBC repository throws where its contract says null.
			execution = null;
		}
		if (execution == null) {
			throw new NoSuchRunException(executionId);
		}
		return execution;
	}

	/** The newest execution of a job's run key, if that run key ever ran. */
	public Optional<JobExecution> lastExecution(String jobName, String runKey) {
		JobParameters key = new JobParametersBuilder().addString(RUN_KEY, runKey, true).toJobParameters();
		return Optional.ofNullable(this.repository.getLastJobExecution(jobName, key));
	}

	/** Executions of a job that are running now, anywhere in the cluster. */
	public Set<JobExecution> running(String jobName) {
		return this.repository.findRunningJobExecutions(jobName);
	}

	private void refuseIfRunning(String jobName) {
		Set<JobExecution> running = running(jobName);
		if (!running.isEmpty()) {
			JobExecution first = running.iterator().next();
			throw new JobConflictException("Job '" + jobName + "' is already running (execution " + first.getId()
					+ ", status " + first.getStatus() + ")");
		}
	}

	/**
	 * A run's job parameters: the identifying run key, the origin, and each declared
	 * parameter as a non-identifying string, as written ({@code 180d}, not
	 * {@code PT4320H}); the job binds them into its parameter record.
	 */
	JobParameters parameters(String runKey, Map<String, String> values, RunRequest.Origin origin) {
		JobParametersBuilder builder = new JobParametersBuilder().addString(RUN_KEY, runKey, true)
			.addString(ORIGIN, origin.name().toLowerCase(java.util.Locale.ROOT), false);
		values.forEach((name, value) -> builder.addString(name, value, false));
		return builder.toJobParameters();
	}

}
