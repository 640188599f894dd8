package com.lumiku.worker.cluster;

import java.time.Duration;
import java.util.List;

import com.lumiku.worker.observability.JobMetrics;
import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.StopRun;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.ResumeLostPeriods;
import com.lumiku.worker.scheduling.SchedulingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The daemon's background watch over job executions, every
 * {@code lumiku.scheduling.maintenance-interval}:
 * <ul>
 * <li>an execution left running with nothing behind it (a dead worker's, or one of this
 * worker's whose thread is gone) is marked FAILED so it can be restarted, at start-up too
 * ({@link RecoverOrphanedRuns});</li>
 * <li>a run of this worker over its schedule's maximum run time is asked to stop;</li>
 * <li>a scheduled period lost to infrastructure (UNKNOWN, recovered just now or before,
 * failed on a lost connection) is resumed, in the background
 * ({@link ResumeLostPeriods}).</li>
 * </ul>
 * On shutdown it asks this worker's running executions to stop at their next chunk
 * boundary and waits for them (bounded by {@code lumiku.scheduling.shutdown-grace}),
 * after Quartz has stopped firing, so nothing is left half-applied and each stopped run
 * can be restarted.
 */
@Component
@ConditionalOnProperty(name = "lumiku.mode", havingValue = "serve")
public class ExecutionSupervisor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ExecutionSupervisor.class);

	private static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofHours(1);

	private final RecoverOrphanedRuns recovery;

	private final ExecutionLiveness liveness;

	private final StopRun stopRun;

	private final WorkerIdentity identity;

	private final JobCatalog catalog;

	private final JobMetrics metrics;

	private final SchedulingProperties properties;

	private final ResumeLostPeriods resumeLost;

	private final FixedDelayLoop loop = new FixedDelayLoop("lumiku-supervisor");

	ExecutionSupervisor(RecoverOrphanedRuns recovery, ExecutionLiveness liveness, StopRun stopRun,
			WorkerIdentity identity, JobCatalog catalog, JobMetrics metrics, SchedulingProperties properties,
			ResumeLostPeriods resumeLost) {
		this.resumeLost = resumeLost;
		this.recovery = recovery;
		this.liveness = liveness;
		this.stopRun = stopRun;
		this.identity = identity;
		this.catalog = catalog;
		this.metrics = metrics;
		this.properties = properties;
	}

	/**
	 * One pass: recover orphans, stop overdue runs (run time by the database clock), then
	 * start resuming lost periods.
	 */
	public void superviseOnce() {
		for (ExecutionLiveness.Execution execution : this.liveness.running()) {
			if (!this.recovery.recoverIfOrphaned(execution)) {
				stopIfOverdue(execution);
			}
		}
		this.resumeLost.resumeLostInBackground();
	}

	private void stopIfOverdue(ExecutionLiveness.Execution execution) {
		if (execution.runTime().isEmpty() || !isMine(execution)
				|| execution.status() == org.springframework.batch.core.BatchStatus.STOPPING) {
			return;
		}
		String job = execution.jobName();
		Duration limit = maxRunTime(job);
		if (execution.runTime().get().compareTo(limit) > 0) {
			logger.warn("Execution {} of {} has run longer than its schedule's stopAfter {}; asking it to stop",
					execution.executionId(), job, limit);
			this.metrics.timedOut(job);
			this.stopRun.stop(execution.executionId());
		}
	}

	private boolean isMine(ExecutionLiveness.Execution execution) {
		return execution.owner().filter(this.identity.id()::equals).isPresent();
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
		List<ExecutionLiveness.Execution> own = ownRunning();
		if (own.isEmpty()) {
			return;
		}
		logger.info("Shutting down: asking {} running execution(s) to stop at their next chunk boundary", own.size());
		for (ExecutionLiveness.Execution execution : own) {
			try {
				this.stopRun.stop(execution.executionId());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not stop execution {}: {}", execution.executionId(), ex.getMessage());
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
		List<ExecutionLiveness.Execution> left = ownRunning();
		if (!left.isEmpty()) {
			logger.warn("{} execution(s) still running after {}; their open chunk rolls back and another worker "
					+ "will recover them", left.size(), this.properties.shutdownGrace());
		}
	}

	private List<ExecutionLiveness.Execution> ownRunning() {
		return this.liveness.running().stream().filter(this::isMine).toList();
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
