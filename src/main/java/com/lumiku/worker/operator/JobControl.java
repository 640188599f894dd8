package com.lumiku.worker.operator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.NoSuchRunException;
import com.lumiku.worker.run.RestartRun;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.run.StopRun;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.ScheduleSynchronizer;

import org.springframework.stereotype.Component;

/**
 * The operator's controls, the same for the CLI and the HTTP API: list, run, history,
 * stop, restart, pause, resume, reload. Each control is one action ({@link JobRuns},
 * {@link BackgroundRuns}, {@link RestartRun}, {@link StopRun}, {@link PauseSchedules},
 * {@link ScheduleSynchronizer}) or one query ({@link RunQueries}). Pausing and schedules
 * live in Quartz's clustered store, runs in Spring Batch's repository, so every control
 * acts on the whole cluster.
 */
@Component
public class JobControl {

	/** A job as the operator sees it. */
	public record JobView(String name, String description, Optional<String> cron, Optional<String> timeZone,
			boolean scheduled, boolean paused, Optional<Instant> nextFireTime, Optional<RunView> lastRun, int running) {
	}

	/** One execution of a job. */
	public record RunView(long executionId, String job, String runKey, String status, String exitCode,
			Optional<Instant> startTime, Optional<Instant> endTime, String worker, String origin,
			Map<String, String> parameters, String exitMessage) {
	}

	private final JobCatalog catalog;

	private final JobRuns runs;

	private final BackgroundRuns background;

	private final RestartRun restartRun;

	private final StopRun stopRun;

	private final PauseSchedules pauses;

	private final RunQueries queries;

	private final ScheduleSynchronizer synchronizer;

	JobControl(JobCatalog catalog, JobRuns runs, BackgroundRuns background, RestartRun restartRun, StopRun stopRun,
			PauseSchedules pauses, RunQueries queries, ScheduleSynchronizer synchronizer) {
		this.catalog = catalog;
		this.runs = runs;
		this.background = background;
		this.restartRun = restartRun;
		this.stopRun = stopRun;
		this.pauses = pauses;
		this.queries = queries;
		this.synchronizer = synchronizer;
	}

	/** Every job with its schedule, pause state, next fire time and last run. */
	public List<JobView> list() {
		return this.queries.jobs(this.catalog.entries().stream().map(RunQueries.JobDescription::of).toList());
	}

	/** One job. */
	public JobView job(String name) {
		return this.queries.jobs(List.of(RunQueries.JobDescription.of(this.catalog.require(name)))).get(0);
	}

	/**
	 * Runs a job once and waits for it to end.
	 * @param name the job
	 * @param parameters raw parameters
	 * @param runKey an explicit run key (logical period), or empty for a fresh one
	 * @return the finished run
	 */
	public RunView runAndWait(String name, Map<String, String> parameters, Optional<String> runKey) {
		return run(this.runs.run(new RunRequest(name, parameters, runKey, RunRequest.Origin.MANUAL)).getId());
	}

	/**
	 * Starts a job once in the background and returns as soon as its execution exists. A
	 * run that cannot start throws its own reason here.
	 * @param name the job
	 * @param parameters raw parameters (validated before anything starts)
	 * @param runKey an explicit run key, or empty for a fresh one
	 * @return the run as it is now (usually STARTED)
	 */
	public RunView runInBackground(String name, Map<String, String> parameters, Optional<String> runKey) {
		return run(this.background.start(new RunRequest(name, parameters, runKey, RunRequest.Origin.MANUAL)));
	}

	/** The newest runs of a job, newest first. */
	public List<RunView> history(String name, int limit) {
		return this.queries.history(this.catalog.require(name).name(), limit);
	}

	/** One run. */
	public RunView run(long executionId) {
		return this.queries.run(executionId).orElseThrow(() -> new NoSuchRunException(executionId));
	}

	/** Asks a running execution to stop at its next chunk boundary. */
	public RunView stop(long executionId) {
		this.stopRun.stop(executionId);
		return run(executionId);
	}

	/** Restarts a failed or stopped execution and waits for the new execution to end. */
	public RunView restartAndWait(long executionId) {
		return run(this.restartRun.restart(executionId).getId());
	}

	/**
	 * Restarts in the background, once; returns the new execution as soon as it exists.
	 * Whatever refuses the restart (running on a live worker, completed, unknown) is
	 * thrown here.
	 */
	public RunView restartInBackground(long executionId) {
		return run(this.background.restart(executionId));
	}

	/** Pauses a job's schedule across the cluster (running executions go on). */
	public JobView pause(String name) {
		this.pauses.pause(this.catalog.require(name).name());
		return job(name);
	}

	/** Resumes a paused schedule. */
	public JobView resume(String name) {
		this.pauses.resume(this.catalog.require(name).name());
		return job(name);
	}

	/**
	 * Re-reads the {@code jobs/} files and applies them; invalid files change nothing.
	 */
	public List<JobSchedule> reload() {
		return this.synchronizer.reload();
	}

}
