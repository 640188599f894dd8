package com.lumiku.worker.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.lumiku.worker.cluster.RecoverOrphanedRuns;
import jakarta.annotation.PreDestroy;
import com.lumiku.worker.observability.JobMetrics;
import com.lumiku.worker.run.DatabaseLoss;
import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.RestartRun;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resumes, by itself, a scheduled period lost to infrastructure, once the database is
 * back: a period is otherwise resumed only when a tick with the same run key fires again
 * (Quartz's recovering trigger after a dead process), which never happens when the
 * process stayed alive through a database outage. Called by the supervisor's pass
 * ({@code cluster.ExecutionSupervisor}), right after it recovered orphans.
 *
 * <p>
 * A period is resumed when the last execution of its run key is
 * <ul>
 * <li>UNKNOWN: Spring Batch could not save the step's end (the database went away under
 * it; {@link RestartRun} marks it and its UNKNOWN steps FAILED first);</li>
 * <li>FAILED by {@link RecoverOrphanedRuns} (its exit description carries
 * {@link RecoverOrphanedRuns#RECOVERED_MARK}): nothing ran it any more;</li>
 * <li>FAILED on a lost database: its exceptions were classified when it failed
 * ({@link DatabaseLoss}: SQLState class 08, 57P01/57P02/57P03, a connection that could
 * not be had...) and its exit description carries {@link DatabaseLoss#MARK}.</li>
 * </ul>
 * Never a run that failed on its own error (it would fail again, in a loop), nor a
 * STOPPED one (an operator or a shutdown stopped it), nor an ABANDONED one, nor a manual
 * run (origin not {@code schedule}), nor a period whose schedule is paused or that this
 * process has no schedule file for. Bounded: at most
 * {@code lumiku.scheduling.resume.max-attempts} restarts of a period (counting an
 * operator's) and only periods created within {@code lumiku.scheduling.resume.within}; a
 * restart refused without a new execution is tried at most as often by each process.
 *
 * <p>
 * Across processes a period is resumed once: the restart creates a new execution of the
 * same job instance, and the database refuses a second execution of an instance while one
 * runs or after it completed (V75; Spring Batch's own check is not atomic with the
 * insert); the loser gets a {@link JobConflictException}, logged and ignored.
 *
 * <p>
 * Resumes run one at a time on their own thread, so a long job never holds up the
 * supervisor's pass; while one runs, later passes select nothing.
 */
@Component
@ConditionalOnProperty(name = "lumiku.mode", havingValue = "serve")
public class ResumeLostPeriods {

	private static final Logger logger = LoggerFactory.getLogger(ResumeLostPeriods.class);

	/** Why a period counts as lost to infrastructure; the metric's {@code reason} tag. */
	public enum Reason {

		UNKNOWN("unknown", "its last save failed (UNKNOWN)"),

		ORPHANED("orphaned", "it was left running with nothing behind it and marked FAILED"),

		CONNECTION_LOST("connection-lost", "it failed on a lost database connection");

		private final String tag;

		private final String description;

		Reason(String tag, String description) {
			this.tag = tag;
			this.description = description;
		}

		public String tag() {
			return this.tag;
		}

		public String description() {
			return this.description;
		}

	}

	/**
	 * The last execution of a period that did not complete, as read from the job
	 * repository.
	 *
	 * @param executionId the last execution of the period's job instance
	 * @param jobName the job
	 * @param runKey the period
	 * @param status its status
	 * @param origin its {@code origin} parameter ({@code schedule} or {@code manual})
	 * @param exitMessages its exit description and those of its failed steps
	 * @param executions how many executions the period has had
	 * @param periodAge since its first execution was created, by the database clock
	 */
	public record LostRun(long executionId, String jobName, String runKey, BatchStatus status, String origin,
			String exitMessages, int executions, Duration periodAge) {
	}

	private static final String CANDIDATES = """
			SELECT e.job_execution_id, i.job_name, e.status,
			       coalesce(e.exit_message, '') || ' ' || coalesce((
			           SELECT string_agg(s.exit_message, ' ')
			           FROM lumiku_worker.batch_step_execution s
			           WHERE s.job_execution_id = e.job_execution_id AND s.status IN ('FAILED', 'UNKNOWN')), '')
			           AS exit_messages,
			       (SELECT p.parameter_value FROM lumiku_worker.batch_job_execution_params p
			        WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runKey') AS run_key,
			       (SELECT p.parameter_value FROM lumiku_worker.batch_job_execution_params p
			        WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'origin') AS origin,
			       period.executions,
			       extract(epoch FROM now() - period.first_created) AS period_age_seconds
			FROM lumiku_worker.batch_job_execution e
			JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			JOIN LATERAL (
			    SELECT count(*) AS executions, max(x.job_execution_id) AS last_id, min(c.created_at) AS first_created
			    FROM lumiku_worker.batch_job_execution x
			    LEFT JOIN lumiku_worker.job_execution_created c USING (job_execution_id)
			    WHERE x.job_instance_id = e.job_instance_id) period ON true
			WHERE e.status IN ('FAILED', 'UNKNOWN')
			  AND e.job_execution_id = period.last_id
			  AND period.first_created >= now() - make_interval(secs => ?)
			ORDER BY e.job_execution_id
			""";

	private final JdbcTemplate jdbc;

	private final RestartRun restartRun;

	private final JobCatalog catalog;

	private final ObjectProvider<Scheduler> scheduler;

	private final JobMetrics metrics;

	private final ResumeProperties properties;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "lumiku-resume");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean busy = new AtomicBoolean();

	/** Restarts tried by this process, by execution (bounds refused restarts too). */
	private final Map<Long, Integer> tries = new ConcurrentHashMap<>();

	ResumeLostPeriods(JdbcTemplate jdbc, RestartRun restartRun, JobCatalog catalog, ObjectProvider<Scheduler> scheduler,
			JobMetrics metrics, ResumeProperties properties) {
		this.jdbc = jdbc;
		this.restartRun = restartRun;
		this.catalog = catalog;
		this.scheduler = scheduler;
		this.metrics = metrics;
		this.properties = properties;
	}

	/**
	 * Why the period should be resumed automatically, if it should.
	 * @param run the last execution of the period
	 * @param paused whether the period's schedule is paused
	 * @param properties the bounds
	 * @return the reason, empty when it must be left alone
	 */
	public static Optional<Reason> why(LostRun run, boolean paused, ResumeProperties properties) {
		if (!properties.enabled() || paused || !"schedule".equals(run.origin())
				|| run.executions() - 1 >= properties.maxAttempts()
				|| run.periodAge().compareTo(properties.within()) > 0) {
			return Optional.empty();
		}
		if (run.status() == BatchStatus.UNKNOWN) {
			return Optional.of(Reason.UNKNOWN);
		}
		if (run.status() != BatchStatus.FAILED) {
			return Optional.empty();
		}
		String messages = (run.exitMessages() != null) ? run.exitMessages() : "";
		if (messages.contains(RestartRun.WAS_UNKNOWN_MARK)) {
			// marked for a restart that did not happen (its process died, or it was
			// refused)
			return Optional.of(Reason.UNKNOWN);
		}
		if (messages.contains(RecoverOrphanedRuns.RECOVERED_MARK)) {
			return Optional.of(Reason.ORPHANED);
		}
		if (messages.contains(DatabaseLoss.MARK)) {
			return Optional.of(Reason.CONNECTION_LOST);
		}
		return Optional.empty();
	}

	/** The periods the database holds that {@link #why} would resume now. */
	public List<LostRun> lost() {
		return this.jdbc.query(CANDIDATES, this::map, this.properties.within().toMillis() / 1000.0)
			.stream()
			.filter((run) -> this.catalog.schedule(run.jobName()).isPresent())
			.filter((run) -> why(run, isPaused(run.jobName()), this.properties).isPresent())
			.toList();
	}

	/**
	 * Starts resuming the lost periods on the resume thread, unless a resume is still
	 * going. Returns at once.
	 */
	public void resumeLostInBackground() {
		if (!this.properties.enabled() || !this.busy.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					resumeLost();
				}
				catch (RuntimeException ex) {
					logger.warn("Resuming lost periods failed (will retry): {}", ex.getMessage());
				}
				finally {
					this.busy.set(false);
				}
			});
		}
		catch (RuntimeException ex) {
			this.busy.set(false);
			throw ex;
		}
	}

	/**
	 * Resumes the lost periods one after the other in the calling thread, each until it
	 * ends. Returns how many were restarted.
	 */
	public int resumeLost() {
		int resumed = 0;
		for (LostRun run : lost()) {
			Reason reason = why(run, isPaused(run.jobName()), this.properties).orElse(null);
			if (reason == null
					|| this.tries.merge(run.executionId(), 1, Integer::sum) > this.properties.maxAttempts()) {
				// a restart refused without a new execution must not be tried forever
				continue;
			}
			logger.info("Resuming lost period {} of {} from execution {} (attempt {} of {}): {}", run.runKey(),
					run.jobName(), run.executionId(), run.executions(), this.properties.maxAttempts(),
					reason.description());
			try {
				this.restartRun.restart(run.executionId());
				this.metrics.resumed(run.jobName(), reason.tag());
				resumed++;
			}
			catch (JobConflictException ex) {
				logger.info("Lost period {} of {} not resumed here: {}", run.runKey(), run.jobName(), ex.getMessage());
			}
		}
		return resumed;
	}

	private boolean isPaused(String job) {
		Scheduler quartz = this.scheduler.getIfAvailable();
		if (quartz == null) {
			return false;
		}
		try {
			for (Trigger trigger : quartz.getTriggersOfJob(JobKey.jobKey(job, ScheduleSynchronizer.GROUP))) {
				if (quartz.getTriggerState(trigger.getKey()) == Trigger.TriggerState.PAUSED) {
					return true;
				}
			}
			return false;
		}
		catch (SchedulerException ex) {
			// cannot tell: leave the period alone rather than run a paused schedule
			return true;
		}
	}

	private LostRun map(java.sql.ResultSet row, int number) throws java.sql.SQLException {
		return new LostRun(row.getLong("job_execution_id"), row.getString("job_name"), row.getString("run_key"),
				BatchStatus.valueOf(row.getString("status")), row.getString("origin"), row.getString("exit_messages"),
				row.getInt("executions"), Duration.ofMillis((long) (row.getDouble("period_age_seconds") * 1000)));
	}

	/**
	 * Takes no new resumes; one going on is asked to stop by the supervisor's shutdown
	 * like every other run of this worker.
	 */
	@PreDestroy
	void close() {
		this.executor.shutdown();
	}

}
