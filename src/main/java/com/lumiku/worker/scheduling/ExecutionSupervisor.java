package com.lumiku.worker.scheduling;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The daemon's background watch over job executions, every
 * {@code lumiku.scheduling.maintenance-interval}:
 * <ul>
 * <li>an execution left running by a dead worker (stale heartbeat) is marked FAILED so it
 * can be restarted (at start-up too);</li>
 * <li>a run of this worker over its schedule's maximum run time is asked to stop.</li>
 * </ul>
 * On shutdown it asks this worker's running executions to stop at their next chunk
 * boundary and waits for them (bounded by {@code lumiku.scheduling.shutdown-grace}),
 * after Quartz has stopped firing, so nothing is left half-applied and each stopped run
 * can be restarted.
 */
@Component
@ConditionalOnProperty(name = "lumiku.mode", havingValue = "serve")
class ExecutionSupervisor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ExecutionSupervisor.class);

	private static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofHours(1);

	private final JobRuns runs;

	private final JobCatalog catalog;

	private final WorkerHeartbeat heartbeat;

	private final WorkerIdentity identity;

	private final Scheduler scheduler;

	private final JobMetrics metrics;

	private final SchedulingProperties properties;

	private final FixedDelayLoop loop = new FixedDelayLoop("lumiku-supervisor");

	ExecutionSupervisor(JobRuns runs, JobCatalog catalog, WorkerHeartbeat heartbeat, WorkerIdentity identity,
			Scheduler scheduler, JobMetrics metrics, SchedulingProperties properties) {
		this.runs = runs;
		this.catalog = catalog;
		this.heartbeat = heartbeat;
		this.identity = identity;
		this.scheduler = scheduler;
		this.metrics = metrics;
		this.properties = properties;
	}

	/** One pass: recover orphans, stop overdue runs. */
	void superviseOnce() {
		for (JobCatalog.Entry entry : this.catalog.entries()) {
			for (JobExecution execution : this.runs.running(entry.name())) {
				if (!this.runs.recoverIfOrphaned(execution, this.heartbeat::isAlive)) {
					stopIfOverdue(entry.name(), execution);
				}
			}
		}
	}

	private void stopIfOverdue(String job, JobExecution execution) {
		LocalDateTime started = execution.getStartTime();
		if (started == null || !this.runs.isMine(execution)
				|| execution.getStatus() == org.springframework.batch.core.BatchStatus.STOPPING) {
			return;
		}
		Duration limit = maxRunTime(job);
		if (Duration.between(started, LocalDateTime.now()).compareTo(limit) > 0) {
			logger.warn("Execution {} of {} has run longer than its schedule's stopAfter {}; asking it to stop",
					execution.getId(), job, limit);
			this.metrics.timedOut(job);
			this.runs.stop(execution.getId());
		}
	}

	private Duration maxRunTime(String job) {
		try {
			return this.catalog.schedule(job).map(JobSchedule::stopAfter).orElse(DEFAULT_MAX_RUN_TIME);
		}
		catch (RuntimeException ex) {
			return DEFAULT_MAX_RUN_TIME;
		}
	}

	@Override
	public void start() {
		this.loop.start(Duration.ZERO, this.properties.maintenanceInterval(), this::superviseAndLogErrors);
	}

	@Override
	public void stop() {
		this.loop.stop();
		drainOwnRuns();
	}

	/** Asks this worker's running executions to stop and waits for them, bounded. */
	private void drainOwnRuns() {
		List<JobExecution> own = ownRunning();
		if (own.isEmpty()) {
			return;
		}
		logger.info("Shutting down: asking {} running execution(s) to stop at their next chunk boundary", own.size());
		for (JobExecution execution : own) {
			try {
				this.runs.stop(execution.getId());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not stop execution {}: {}", execution.getId(), ex.getMessage());
			}
		}
		long deadline = System.nanoTime() + this.properties.shutdownGrace().toNanos();
		while (!ownRunning().isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		List<JobExecution> left = ownRunning();
		if (!left.isEmpty()) {
			logger.warn("{} execution(s) still running after {}; their open chunk rolls back and another worker "
					+ "will recover them", left.size(), this.properties.shutdownGrace());
		}
	}

	private List<JobExecution> ownRunning() {
		return this.catalog.entries()
			.stream()
			.flatMap((entry) -> this.runs.running(entry.name()).stream())
			.filter(this.runs::isMine)
			.toList();
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/**
	 * Stops right after the Quartz scheduler (phase Integer.MAX_VALUE) has gone to
	 * standby.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	private void superviseAndLogErrors() {
		try {
			superviseOnce();
		}
		catch (Throwable ex) {
			logger.warn("Execution supervision pass failed (will retry): {}", ex.getMessage());
		}
	}

}
