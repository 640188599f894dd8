package com.lumiku.worker.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.lumiku.worker.scheduling.JobCatalog;
import com.lumiku.worker.scheduling.JobRuns;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.NoSuchRunException;
import com.lumiku.worker.scheduling.RestartRun;
import com.lumiku.worker.scheduling.RunRequest;
import com.lumiku.worker.scheduling.RunningExecutions;
import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import com.lumiku.worker.scheduling.StopRun;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The operator's controls, the same for the CLI and the HTTP API: list, run, history,
 * stop, restart, pause, resume, reload. Each control is one action ({@link JobRuns},
 * {@link RestartRun}, {@link StopRun}, Quartz) or one query ({@link RunQueries}). Pausing
 * and schedules live in Quartz's clustered store, runs in Spring Batch's repository, so
 * every control acts on the whole cluster.
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

	/** How long a background run may take to exist before the caller is answered. */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final JobCatalog catalog;

	private final JobRuns runs;

	private final RestartRun restartRun;

	private final StopRun stopRun;

	private final RunningExecutions runningHere;

	private final RunQueries queries;

	private final Scheduler scheduler;

	private final ScheduleSynchronizer synchronizer;

	private final ExecutorService background = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "lumiku-manual-run");
		thread.setDaemon(true);
		return thread;
	});

	JobControl(JobCatalog catalog, JobRuns runs, RestartRun restartRun, StopRun stopRun, RunningExecutions runningHere,
			RunQueries queries, Scheduler scheduler, ScheduleSynchronizer synchronizer) {
		this.catalog = catalog;
		this.runs = runs;
		this.restartRun = restartRun;
		this.stopRun = stopRun;
		this.runningHere = runningHere;
		this.queries = queries;
		this.scheduler = scheduler;
		this.synchronizer = synchronizer;
	}

	/** Every job with its schedule, pause state, next fire time and last run. */
	public List<JobView> list() {
		return this.queries.jobs(this.catalog.entries()
			.stream()
			.map((entry) -> new RunQueries.JobDescription(entry.name(), entry.descriptor().description()))
			.toList());
	}

	/** One job. */
	public JobView job(String name) {
		JobCatalog.Entry entry = this.catalog.require(name);
		return this.queries.jobs(List.of(new RunQueries.JobDescription(entry.name(), entry.descriptor().description())))
			.get(0);
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
	 * run that cannot start (unknown job, bad parameters, already running, a failed
	 * launch) throws its own reason here.
	 * @param name the job
	 * @param parameters raw parameters (validated before anything starts)
	 * @param runKey an explicit run key, or empty for a fresh one
	 * @return the run as it is now (usually STARTED)
	 */
	public RunView runInBackground(String name, Map<String, String> parameters, Optional<String> runKey) {
		RunRequest request = new RunRequest(name, parameters, runKey, RunRequest.Origin.MANUAL);
		CompletableFuture<JobExecution> started = new CompletableFuture<>();
		this.background.submit(() -> {
			try {
				this.runningHere.onNextStartInThisThread(started::complete);
				started.complete(this.runs.run(request));
			}
			catch (Throwable ex) {
				started.completeExceptionally(ex);
			}
			finally {
				this.runningHere.clearOnNextStart();
			}
		});
		return run(awaitStart(started, "Run of '" + name + "'").getId());
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
	 * Restarts in the background, once; returns the execution being restarted. Whatever
	 * refuses the restart (running on a live worker, completed, unknown) is thrown here,
	 * before anything goes to the background.
	 */
	public RunView restartInBackground(long executionId) {
		this.restartRun.check(executionId);
		RunView execution = run(executionId);
		this.background.submit(() -> this.restartRun.restart(executionId));
		return execution;
	}

	/** Pauses a job's schedule across the cluster (running executions go on). */
	public JobView pause(String name) {
		String job = this.catalog.require(name).name();
		quartz(() -> this.scheduler.pauseJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP)));
		return job(job);
	}

	/** Resumes a paused schedule. */
	public JobView resume(String name) {
		String job = this.catalog.require(name).name();
		quartz(() -> this.scheduler.resumeJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP)));
		return job(job);
	}

	/**
	 * Re-reads the {@code jobs/} files and applies them; invalid files change nothing.
	 */
	public List<JobSchedule> reload() {
		return this.synchronizer.reload();
	}

	private static JobExecution awaitStart(CompletableFuture<JobExecution> started, String what) {
		try {
			return started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(what + " could not start: " + cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(what + " did not start within " + START_TIMEOUT.toSeconds()
					+ " s; it may still start (see jobs history)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private interface QuartzCall<T> {

		T call() throws SchedulerException;

	}

	private interface QuartzAction {

		void run() throws SchedulerException;

	}

	private static <T> T quartz(QuartzCall<T> call) {
		try {
			return call.call();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz store: " + ex.getMessage(), ex);
		}
	}

	private static void quartz(QuartzAction action) {
		quartz(() -> {
			action.run();
			return null;
		});
	}

}
