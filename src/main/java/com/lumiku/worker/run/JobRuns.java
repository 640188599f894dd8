package com.lumiku.worker.run;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.lumiku.worker.cluster.RecoverOrphanedRuns;
import com.lumiku.worker.observability.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Starts a job run, whoever asks (Quartz, HTTP, CLI): always through Spring Batch's
 * {@link JobOperator} ({@link LaunchJob}). A failed launch is logged, counted and
 * rethrown, never swallowed. Restarting, stopping and recovering runs are
 * {@link RestartRun}, {@link StopRun} and {@link RecoverOrphanedRuns}.
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

	private static final Logger logger = LoggerFactory.getLogger(JobRuns.class);

	private final JobCatalog catalog;

	private final LaunchJob launch;

	private final JobRepository repository;

	private final JobMetrics metrics;

	private final RecoverOrphanedRuns recovery;

	/**
	 * The job repository reads in SERIALIZABLE transactions too; a read PostgreSQL aborts
	 * while dead workers' runs are being resumed failed the recovering tick, whose period
	 * then stayed FAILED for good (found by the chaos suite, seed 4). It is read again.
	 */
	private final RetryTemplate readRetries = new RetryTemplate(RetryPolicy.builder()
		.includes(ConcurrencyFailureException.class)
		.maxRetries(4)
		.delay(java.time.Duration.ofMillis(50))
		.jitter(java.time.Duration.ofMillis(40))
		.multiplier(1.5)
		.build());

	JobRuns(JobCatalog catalog, LaunchJob launch, JobRepository repository, JobMetrics metrics,
			RecoverOrphanedRuns recovery) {
		this.catalog = catalog;
		this.launch = launch;
		this.repository = repository;
		this.metrics = metrics;
		this.recovery = recovery;
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
			return this.launch.start(entry.job(), parameters);
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
		try {
			return this.readRetries
				.execute(() -> Optional.ofNullable(this.repository.getLastJobExecution(jobName, key)));
		}
		catch (RetryException ex) {
			throw (ex.getLastException() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getLastException());
		}
	}

	/** Executions of a job that are running now, anywhere in the cluster. */
	public Set<JobExecution> running(String jobName) {
		return this.repository.findRunningJobExecutions(jobName);
	}

	private void refuseIfRunning(String jobName) {
		this.recovery.recover(jobName);
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
