package com.lumiku.worker.bulk;

import java.time.Duration;
import java.util.Set;

import com.lumiku.worker.run.ParameterType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tasklet that changes rows in bounded batches, each its own short transaction with a
 * lock timeout and a statement timeout, so that it never queues behind the app nor holds
 * locks the app waits for. One batch per call: Spring Batch checks for a stop request
 * between two batches and saves the step's {@link ExecutionContext} (where a
 * {@link Batch} keeps its cutoff and keyset position), so a stopped run restarts where it
 * was. A batch that times out on a lock is rolled back, counted and retried after a
 * pause; after {@value #MAX_LOCK_RETRIES} in a row the step fails (and can be restarted).
 * A pause longer than {@link #STOP_CHECK} wakes as soon as the run is asked to stop
 * (STOPPING in the job repository, set by any process), so a stop never sits out a long
 * {@code pause}.
 */
public class BatchedWork implements Tasklet {

	/**
	 * One batch: looks at at most {@code limit} candidates, changes what it must, and
	 * says how many it looked at (fewer than the limit: caught up) and changed.
	 */
	@FunctionalInterface
	public interface Batch {

		Result run(JdbcTemplate jdbc, int limit, ExecutionContext context);

	}

	/**
	 * What a batch did.
	 *
	 * @param scanned candidates looked at
	 * @param changed rows changed
	 */
	public record Result(int scanned, int changed) {

		/** A batch whose every candidate was changed. */
		public static Result changed(int rows) {
			return new Result(rows, rows);
		}

	}

	/** Counts the rows still to change, up to {@code cap} (for dry runs and metrics). */
	@FunctionalInterface
	public interface Remaining {

		long count(JdbcTemplate jdbc, long cap, ExecutionContext context);

	}

	static final int MAX_LOCK_RETRIES = 10;

	/** Counts stop here: a bound on what a dry run or a metric costs. */
	static final long COUNT_CAP = 10_000_000;

	/** How often a pause looks whether the run was asked to stop. */
	static final Duration STOP_CHECK = Duration.ofMillis(250);

	private static final String RUN_STATUS = """
			SELECT status FROM lumiku_worker.batch_job_execution WHERE job_execution_id = ?
			""";

	/** lock_not_available, query_canceled (statement_timeout). */
	private static final Set<String> TIMEOUT_STATES = Set.of("55P03", "57014");

	private static final Logger logger = LoggerFactory.getLogger(BatchedWork.class);

	private final BulkAction action;

	private final BulkSettings settings;

	private final Batch batch;

	private final Remaining remaining;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final BulkMetrics metrics;

	private long startedNanos;

	private long changed;

	private int lockFailures;

	public BatchedWork(BulkAction action, BulkSettings settings, Batch batch, Remaining remaining, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, BulkMetrics metrics) {
		this.action = action;
		this.settings = settings;
		this.batch = batch;
		this.remaining = remaining;
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		// Each batch commits on its own, apart from Spring Batch's step bookkeeping.
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
		if (this.settings.dryRun()) {
			long rows = this.remaining.count(this.jdbc, COUNT_CAP, context);
			return finish(contribution,
					"dry run: " + rows + " rows to go (" + this.action.action() + "); nothing changed", rows);
		}
		long execution = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		if (this.startedNanos == 0) {
			this.startedNanos = System.nanoTime();
		}
		else if (pauseUnlessStopped(this.settings.pause(), execution)) {
			// no batch: the step sees the stop request as it saves this empty chunk
			return RepeatStatus.CONTINUABLE;
		}
		Result result;
		long batchStarted = System.nanoTime();
		try {
			result = this.transaction.execute((status) -> runOneBatch(context));
		}
		catch (DataAccessException ex) {
			if (!isTimeout(ex) || ++this.lockFailures > MAX_LOCK_RETRIES) {
				throw ex;
			}
			this.metrics.lockTimedOut(this.action);
			logger.info("{} {}: batch gave up on a lock or timed out ({}); retrying ({} of {})", this.action.job(),
					this.action.action(), ex.getMostSpecificCause().getMessage(), this.lockFailures, MAX_LOCK_RETRIES);
			pauseUnlessStopped(this.settings.lockTimeout(), execution);
			return RepeatStatus.CONTINUABLE;
		}
		this.lockFailures = 0;
		this.changed += result.changed();
		contribution.incrementWriteCount(result.changed());
		this.metrics.batchDone(this.action, result.changed(), Duration.ofNanos(System.nanoTime() - batchStarted));
		boolean caughtUp = result.scanned() < this.settings.batchSize();
		boolean outOfTime = Duration.ofNanos(System.nanoTime() - this.startedNanos)
			.compareTo(this.settings.maxRunTime()) >= 0;
		if (!caughtUp && !outOfTime) {
			return RepeatStatus.CONTINUABLE;
		}
		// Caught up: nothing left to count (a count would walk the dead index entries the
		// run just made). Out of time: count what the next run has to do.
		long left = caughtUp ? 0 : this.remaining.count(this.jdbc, COUNT_CAP, context);
		String summary = describe(this.changed) + ((left > 0) ? "; " + left + " left (maxRunTime "
				+ ParameterType.formatDuration(this.settings.maxRunTime()) + " reached)" : "; none left");
		return finish(contribution, summary, left);
	}

	private Result runOneBatch(ExecutionContext context) {
		this.jdbc.queryForList("SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)",
				this.settings.lockTimeout().toMillis() + "ms", this.settings.statementTimeout().toMillis() + "ms");
		return this.batch.run(this.jdbc, this.settings.batchSize(), context);
	}

	private RepeatStatus finish(StepContribution contribution, String summary, long left) {
		this.metrics.remaining(this.action, left);
		logger.info("{} {}: {}", this.action.job(), this.action.action(), summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

	private String describe(long rows) {
		return this.action.action().replaceFirst("-", " " + rows + " ");
	}

	private static boolean isTimeout(DataAccessException ex) {
		Throwable cause = ex.getMostSpecificCause();
		return cause instanceof java.sql.SQLException sql && TIMEOUT_STATES.contains(sql.getSQLState());
	}

	/**
	 * Sleeps for {@code pause}, in slices of {@link #STOP_CHECK}, looking after each
	 * slice whether the run was asked to stop.
	 * @return true when it was (or the thread was interrupted): the pause ended early
	 */
	private boolean pauseUnlessStopped(Duration pause, long jobExecutionId) {
		long deadline = System.nanoTime() + pause.toNanos();
		try {
			for (long left = pause.toNanos(); left > 0; left = deadline - System.nanoTime()) {
				Thread.sleep(Math.max(1, Math.min(STOP_CHECK.toMillis(), left / 1_000_000)));
				if (deadline - System.nanoTime() > 0 && stopAsked(jobExecutionId)) {
					logger.info("{} {}: asked to stop during its pause; stopping", this.action.job(),
							this.action.action());
					return true;
				}
			}
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	private boolean stopAsked(long jobExecutionId) {
		String status = this.jdbc.queryForObject(RUN_STATUS, String.class, jobExecutionId);
		return status != null && BatchStatus.valueOf(status).isGreaterThan(BatchStatus.STARTED);
	}

}
