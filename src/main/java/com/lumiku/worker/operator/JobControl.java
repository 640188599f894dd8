package com.lumiku.worker.operator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.lumiku.worker.scheduling.JobCatalog;
import com.lumiku.worker.scheduling.JobConflictException;
import com.lumiku.worker.scheduling.JobRuns;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.RunRequest;
import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * The operator's controls, the same for the CLI and the HTTP API: list, run, history,
 * stop, restart, pause, resume, reload. Pausing and schedules live in Quartz's clustered
 * store, runs in Spring Batch's repository, so every control acts on the whole cluster.
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

	private static final ZoneId BATCH_TIME_ZONE = ZoneId.systemDefault();

	private final JobCatalog catalog;

	private final JobRuns runs;

	private final JobRepository repository;

	private final Scheduler scheduler;

	private final ScheduleSynchronizer synchronizer;

	private final ExecutorService background = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "lumiku-manual-run");
		thread.setDaemon(true);
		return thread;
	});

	public JobControl(JobCatalog catalog, JobRuns runs, JobRepository repository, Scheduler scheduler,
			ScheduleSynchronizer synchronizer) {
		this.catalog = catalog;
		this.runs = runs;
		this.repository = repository;
		this.scheduler = scheduler;
		this.synchronizer = synchronizer;
	}

	/** Every job with its schedule, pause state, next fire time and last run. */
	public List<JobView> list() {
		return this.catalog.entries().stream().map((entry) -> view(entry.name())).toList();
	}

	/** One job. */
	public JobView job(String name) {
		return view(this.catalog.require(name).name());
	}

	/**
	 * Runs a job once and waits for it to end.
	 * @param name the job
	 * @param parameters raw parameters
	 * @param runKey an explicit run key (logical period), or empty for a fresh one
	 * @return the finished run
	 */
	public RunView runAndWait(String name, Map<String, String> parameters, Optional<String> runKey) {
		return toView(this.runs.run(new RunRequest(name, parameters, runKey, RunRequest.Origin.MANUAL)));
	}

	/**
	 * Starts a job once in the background and returns as soon as its execution exists.
	 * @param name the job
	 * @param parameters raw parameters (validated before anything starts)
	 * @param runKey an explicit run key, or empty for a fresh one
	 * @return the run as it is now (usually STARTED)
	 */
	public RunView runInBackground(String name, Map<String, String> parameters, Optional<String> runKey) {
		JobCatalog.Entry entry = this.catalog.require(name);
		entry.descriptor().validate(parameters);
		if (!this.runs.running(name).isEmpty()) {
			throw new JobConflictException("Job '" + name + "' is already running");
		}
		String key = runKey.orElseGet(() -> "manual-" + Instant.now());
		this.background
			.submit(() -> this.runs.run(new RunRequest(name, parameters, Optional.of(key), RunRequest.Origin.MANUAL)));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			Optional<JobExecution> execution = this.runs.lastExecution(name, key);
			if (execution.isPresent()) {
				return toView(execution.get());
			}
			sleep(50);
		}
		throw new IllegalStateException("Run " + key + " of '" + name + "' did not start within 10 s; see the logs");
	}

	/** The newest runs of a job, newest first. */
	public List<RunView> history(String name, int limit) {
		String job = this.catalog.require(name).name();
		return this.repository.getJobInstances(job, 0, limit)
			.stream()
			.flatMap((instance) -> this.repository.getJobExecutions(instance).stream())
			.sorted(Comparator.comparingLong(JobExecution::getId).reversed())
			.limit(limit)
			.map(this::toView)
			.toList();
	}

	/** One run. */
	public RunView run(long executionId) {
		return toView(this.runs.require(executionId));
	}

	/** Asks a running execution to stop at its next chunk boundary. */
	public RunView stop(long executionId) {
		this.runs.stop(executionId);
		return run(executionId);
	}

	/** Restarts a failed or stopped execution and waits for the new execution to end. */
	public RunView restartAndWait(long executionId) {
		return toView(this.runs.restart(executionId));
	}

	/** Restarts in the background; returns the execution being restarted. */
	public RunView restartInBackground(long executionId) {
		JobExecution execution = this.runs.require(executionId);
		if (execution.isRunning()) {
			this.runs.restart(executionId); // throws the conflict with its reason
		}
		this.background.submit(() -> this.runs.restart(executionId));
		return toView(execution);
	}

	/** Pauses a job's schedule across the cluster (running executions go on). */
	public JobView pause(String name) {
		String job = this.catalog.require(name).name();
		quartz(() -> this.scheduler.pauseJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP)));
		return view(job);
	}

	/** Resumes a paused schedule. */
	public JobView resume(String name) {
		String job = this.catalog.require(name).name();
		quartz(() -> this.scheduler.resumeJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP)));
		return view(job);
	}

	/**
	 * Re-reads the {@code jobs/} files and applies them; invalid files change nothing.
	 */
	public List<JobSchedule> reload() {
		return this.synchronizer.reload();
	}

	private JobView view(String name) {
		JobCatalog.Entry entry = this.catalog.require(name);
		Trigger trigger = quartz(
				() -> this.scheduler.getTrigger(TriggerKey.triggerKey(name, ScheduleSynchronizer.GROUP)));
		boolean paused = trigger != null
				&& quartz(() -> this.scheduler.getTriggerState(trigger.getKey())) == Trigger.TriggerState.PAUSED;
		Optional<CronTrigger> cron = Optional.ofNullable(trigger)
			.filter(CronTrigger.class::isInstance)
			.map(CronTrigger.class::cast);
		JobInstance last = this.repository.getLastJobInstance(name);
		Optional<RunView> lastRun = Optional.ofNullable(last)
			.map((instance) -> this.repository.getLastJobExecution(instance))
			.map(this::toView);
		return new JobView(name, entry.descriptor().description(), cron.map(CronTrigger::getCronExpression),
				cron.map((c) -> c.getTimeZone().getID()), trigger != null, paused,
				Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(java.util.Date::toInstant), lastRun,
				this.runs.running(name).size());
	}

	RunView toView(JobExecution execution) {
		Map<String, String> parameters = new java.util.TreeMap<>();
		execution.getJobParameters()
			.parameters()
			.forEach((parameter) -> parameters.put(parameter.name(), String.valueOf(parameter.value())));
		String runKey = parameters.remove(JobRuns.RUN_KEY);
		String origin = parameters.remove(JobRuns.ORIGIN);
		String status = execution.getStatus().name();
		return new RunView(execution.getId(), execution.getJobInstance().getJobName(), runKey, status,
				execution.getExitStatus().getExitCode(), instant(execution.getStartTime()),
				instant(execution.getEndTime()), this.runs.owner(execution).orElse(""), origin, parameters,
				abbreviate(execution.getExitStatus().getExitDescription()));
	}

	private static Optional<Instant> instant(LocalDateTime time) {
		return Optional.ofNullable(time).map((value) -> value.atZone(BATCH_TIME_ZONE).toInstant());
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		String firstLine = text.lines().findFirst().orElse("");
		return (firstLine.length() > 500) ? firstLine.substring(0, 500) + "..." : firstLine;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
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
