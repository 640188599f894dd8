package com.lumiku.worker.run;

import com.lumiku.worker.cluster.ExecutionLiveness;
import com.lumiku.worker.cluster.RecoverOrphanedRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Restarts a failed or stopped execution: the same job instance, from where it stopped. A
 * running execution is restarted only when nothing runs it any more (its owner is dead by
 * the database clock, or it is this worker's and no thread of it runs it): it is then
 * recovered first. An execution a live worker runs is refused, untouched.
 */
@Component
public class RestartRun {

	private static final Logger logger = LoggerFactory.getLogger(RestartRun.class);

	/** The exit description of an UNKNOWN execution marked FAILED for its restart. */
	public static final String WAS_UNKNOWN_MARK = "was UNKNOWN (its last save failed, e.g. the database went away); "
			+ "marked FAILED for a restart";

	private final JobRuns runs;

	private final JobRepository repository;

	private final ExecutionLiveness liveness;

	private final RecoverOrphanedRuns recovery;

	private final LaunchJob launch;

	RestartRun(JobRuns runs, JobRepository repository, ExecutionLiveness liveness, RecoverOrphanedRuns recovery,
			LaunchJob launch) {
		this.runs = runs;
		this.repository = repository;
		this.liveness = liveness;
		this.recovery = recovery;
		this.launch = launch;
	}

	/**
	 * Checks, without changing anything, that the execution could be restarted now.
	 * @param executionId the execution
	 * @return the execution
	 * @throws NoSuchRunException for an unknown execution
	 * @throws JobConflictException with the reason it cannot be restarted
	 */
	public JobExecution check(long executionId) {
		JobExecution execution = this.runs.require(executionId);
		String job = execution.getJobInstance().getJobName();
		if (execution.isRunning()) {
			ExecutionLiveness.Execution state = this.liveness.of(executionId)
				.orElseThrow(() -> new NoSuchRunException(executionId));
			if (!this.recovery.isOrphaned(state)) {
				throw new JobConflictException(state.owner()
					.map((worker) -> "Execution " + executionId + " of '" + job + "' is running on worker " + worker
							+ "; stop it first")
					.orElse("Execution " + executionId + " of '" + job
							+ "' is starting (no worker has claimed it yet); try again later"));
			}
			return execution;
		}
		if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
			throw new JobConflictException("Execution " + executionId + " of '" + job + "' is " + execution.getStatus()
					+ "; only a FAILED or STOPPED run can be restarted");
		}
		JobExecution last = this.repository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != executionId) {
			throw new JobConflictException(
					"Execution " + executionId + " of '" + job + "' is not the last of its run; restart execution "
							+ last.getId() + " (" + last.getStatus() + ") instead");
		}
		return execution;
	}

	/**
	 * Spring Batch leaves an execution UNKNOWN when saving its own state failed (the
	 * database went away under the step) and refuses to restart it. A restart (an
	 * operator's, or the daemon's automatic resume of a lost period) is the "manual
	 * intervention" Spring Batch asks for, and it is safe here: the job repository and
	 * the jobs' own writes live in the same PostgreSQL database and each chunk commits
	 * its rows and the step's saved position in one transaction, so the position last
	 * saved is exactly what committed, and every step re-checks its rows when it resumes.
	 * The execution and its UNKNOWN steps are marked FAILED, saying so, and then
	 * restarted.
	 */
	private void markFailed(JobExecution execution) {
		logger.warn("Execution {} of {} is UNKNOWN (its last save failed); restarting it: marking it FAILED first",
				execution.getId(), execution.getJobInstance().getJobName());
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED.addExitDescription(WAS_UNKNOWN_MARK));
		this.repository.update(execution);
		endStepsLeftRunning(execution, "an UNKNOWN run");
	}

	/**
	 * Spring Batch refuses to restart a step left UNKNOWN, and takes a step left STARTED
	 * under an ended run for a running one ("job execution already running"): the
	 * database went away before the step's end was saved, and came back in time for the
	 * run's (found by the chaos suite, under UNKNOWN runs and under runs FAILED on the
	 * lost connection). Nothing runs such a step: its run ended. It is marked FAILED,
	 * saying so.
	 */
	private void endStepsLeftRunning(JobExecution execution, String under) {
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
				logger.warn("Step {} of execution {} was left {} under {}; marking it FAILED for the restart",
						step.getStepName(), execution.getId(), step.getStatus(), under);
				step.setExitStatus(ExitStatus.FAILED.addExitDescription(
						"was " + step.getStatus() + " under " + under + "; marked FAILED for a restart"));
				step.setStatus(BatchStatus.FAILED);
				this.repository.update(step);
			}
		}
	}

	/**
	 * Restarts the execution in the calling thread.
	 * @param executionId the execution to restart
	 * @return the new execution, finished
	 */
	public JobExecution restart(long executionId) {
		JobExecution execution = check(executionId);
		if (execution.isRunning() && !this.recovery.recoverIfOrphaned(executionId)) {
			// it ended or changed meanwhile: judge it again
			execution = check(executionId);
		}
		try {
			if (execution.getStatus() == BatchStatus.UNKNOWN) {
				markFailed(execution);
			}
			else if (!execution.isRunning()) {
				endStepsLeftRunning(execution, "a " + execution.getStatus() + " run");
			}
		}
		catch (OptimisticLockingFailureException ex) {
			throw new JobConflictException(
					"Execution " + executionId + " was restarted by someone else meanwhile: " + ex.getMessage());
		}
		try {
			logger.info("Restarting execution {} of {}", executionId, execution.getJobInstance().getJobName());
			return this.launch.restart(this.runs.require(executionId));
		}
		catch (JobRestartException | JobInstanceAlreadyCompleteException ex) {
			throw new JobConflictException("Execution " + executionId + " cannot be restarted: " + ex.getMessage());
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw new JobConflictException(
					"Execution " + executionId + " was restarted by someone else meanwhile: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not restart execution " + executionId + ": " + ex.getMessage(), ex);
		}
	}

}
