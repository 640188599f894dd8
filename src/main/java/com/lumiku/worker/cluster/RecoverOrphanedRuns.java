package com.lumiku.worker.cluster;

import java.util.Optional;

import com.lumiku.worker.observability.JobMetrics;
import com.lumiku.worker.run.RunningExecutions;
import com.lumiku.worker.scheduling.SchedulingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The one path by which an execution left running with nothing behind it is marked
 * FAILED, so that it can be restarted: used by the supervisor's pass, a scheduled tick, a
 * restart and start-up. An execution is orphaned when
 * <ul>
 * <li>its owner is another worker whose heartbeat is stale by the database clock;</li>
 * <li>its owner is this worker but no thread of this JVM runs it
 * ({@link RunningExecutions}): its launch ended without saving its end, e.g. the database
 * went away under it;</li>
 * <li>no worker ever claimed it and it was created longer ago than the staleness limit,
 * by the database clock.</li>
 * </ul>
 */
@Component
public class RecoverOrphanedRuns {

	private static final Logger logger = LoggerFactory.getLogger(RecoverOrphanedRuns.class);

	/**
	 * Added to the exit description of every execution this class marks FAILED, so that
	 * the period can be recognised as lost to infrastructure, not to its own error, and
	 * resumed automatically ({@code scheduling.ResumeLostPeriods}).
	 */
	public static final String RECOVERED_MARK = "lumiku: recovered orphan (left running with nothing behind it)";

	private final ExecutionLiveness liveness;

	private final RunningExecutions runningHere;

	private final WorkerIdentity identity;

	private final JobOperator operator;

	private final JobRepository repository;

	private final JobMetrics metrics;

	private final SchedulingProperties properties;

	public RecoverOrphanedRuns(ExecutionLiveness liveness, RunningExecutions runningHere, WorkerIdentity identity,
			JobOperator operator, JobRepository repository, JobMetrics metrics, SchedulingProperties properties) {
		this.liveness = liveness;
		this.runningHere = runningHere;
		this.identity = identity;
		this.operator = operator;
		this.repository = repository;
		this.metrics = metrics;
		this.properties = properties;
	}

	/** Recovers every orphaned execution in the cluster; returns how many. */
	public int recoverAll() {
		return (int) this.liveness.running().stream().filter(this::recoverIfOrphaned).count();
	}

	/** Recovers the orphaned executions of one job; returns how many. */
	public int recover(String jobName) {
		return (int) this.liveness.running()
			.stream()
			.filter((execution) -> execution.jobName().equals(jobName))
			.filter(this::recoverIfOrphaned)
			.count();
	}

	/** Recovers one execution if it is orphaned; returns true when it was. */
	public boolean recoverIfOrphaned(long executionId) {
		return this.liveness.of(executionId).filter(this::recoverIfOrphaned).isPresent();
	}

	/**
	 * Marks the execution FAILED if it is orphaned.
	 * @param execution its state as just read
	 * @return true when it was recovered
	 */
	public boolean recoverIfOrphaned(ExecutionLiveness.Execution execution) {
		if (!isOrphaned(execution)) {
			return false;
		}
		JobExecution current = this.repository.getJobExecution(execution.executionId());
		if (current == null || !current.isRunning()) {
			return false; // it ended meanwhile
		}
		logger.warn("Execution {} of {} was left {} by worker {}, {}; marking it FAILED so it can be restarted",
				execution.executionId(), execution.jobName(), current.getStatus(),
				execution.owner().orElse("(none: it never started)"), why(execution));
		try {
			this.operator.recover(current);
		}
		catch (OptimisticLockingFailureException ex) {
			logger.debug("Execution {} changed while being recovered: {}", execution.executionId(), ex.getMessage());
			return false;
		}
		mark(execution.executionId());
		this.metrics.recovered(execution.jobName());
		return true;
	}

	private void mark(long executionId) {
		try {
			JobExecution recovered = this.repository.getJobExecution(executionId);
			recovered.setExitStatus(recovered.getExitStatus().addExitDescription(RECOVERED_MARK));
			this.repository.update(recovered);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not mark execution {} as a recovered orphan: {}", executionId, ex.getMessage());
		}
	}

	/** Whether nothing is running the execution any more. */
	public boolean isOrphaned(ExecutionLiveness.Execution execution) {
		if (!execution.isRunning()) {
			return false;
		}
		Optional<String> owner = execution.owner();
		if (owner.isEmpty()) {
			return execution.age().compareTo(this.properties.workerStaleAfter()) > 0;
		}
		if (owner.get().equals(this.identity.id())) {
			return !this.runningHere.isRunningHere(execution.executionId());
		}
		return !execution.ownerAlive();
	}

	private String why(ExecutionLiveness.Execution execution) {
		if (execution.owner().isEmpty()) {
			return "created " + execution.age().toSeconds() + " s ago and never claimed";
		}
		if (execution.owner().get().equals(this.identity.id())) {
			return "this worker, with no thread running it any more";
		}
		return "which is gone (no heartbeat within " + this.properties.workerStaleAfter() + ")";
	}

}
