package com.lumiku.worker.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code lumiku_job_*} metrics, tagged {@code job_name} with the job's stable name
 * (not {@code job}: Prometheus sets that label to the scrape job on every series).
 *
 * <p>
 * Counters and timers count what this process did (Prometheus sums them across the
 * cluster). The gauges {@code lumiku_job_running} and
 * {@code lumiku_job_last_success_timestamp_seconds} are cluster-wide truths read from the
 * Spring Batch repository, cached for a few seconds so a scrape costs at most one query.
 */
@Component
public class JobMetrics {

	private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(5);

	private static final String SNAPSHOT = """
			SELECT i.job_name,
			       count(*) FILTER (WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')) AS running,
			       extract(epoch FROM max(e.end_time) FILTER (WHERE e.status = 'COMPLETED')) AS last_success
			FROM lumiku_worker.batch_job_instance i
			JOIN lumiku_worker.batch_job_execution e ON e.job_instance_id = i.job_instance_id
			GROUP BY i.job_name
			""";

	private final MeterRegistry registry;

	private final JdbcTemplate jdbc;

	private final CachedReading<Snapshot> snapshot = new CachedReading<>(SNAPSHOT_TTL, this::readSnapshot);

	private static final List<String> FINAL_STATUSES = List.of("COMPLETED", "FAILED", "STOPPED");

	/** Why a scheduled tick was not run (see {@link ScheduledJobRunner}). */
	static final List<String> SKIP_REASONS = List.of("conflict", "catch-up-limit", "overlap", "already-completed",
			"running-elsewhere", "abandoned");

	private static final String[] MISFIRES = { "lumiku_job_misfires_total", "Misfired schedule ticks" };

	private static final String[] LAUNCH_FAILURES = { "lumiku_job_launch_failures_total",
			"Runs that could not be launched" };

	private static final String[] RECOVERED = { "lumiku_job_recovered_total",
			"Executions of dead workers marked FAILED for restart" };

	/** Why a lost period was resumed (see {@code scheduling.ResumeLostPeriods}). */
	static final List<String> RESUME_REASONS = List.of("unknown", "orphaned", "connection-lost");

	private static final String[] TIMEOUTS = { "lumiku_job_timeouts_total",
			"Runs stopped for exceeding their maximum run time" };

	private final Map<String, Boolean> registeredGauges = new ConcurrentHashMap<>();

	record JobState(double running, double lastSuccessEpochSeconds) {
	}

	record Snapshot(boolean readable, Map<String, JobState> states) {
	}

	public JobMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
		this.registry = registry;
		this.jdbc = jdbc;
	}

	/**
	 * Registers the cluster-wide gauges of a job (idempotent).
	 * @param job the job name
	 */
	public void registerJob(String job) {
		if (this.registeredGauges.putIfAbsent(job, Boolean.TRUE) != null) {
			return;
		}
		Gauge.builder("lumiku_job_running", this, (metrics) -> metrics.state(job).running())
			.tag("job_name", job)
			.description("Executions of the job running now, across the cluster")
			.register(this.registry);
		Gauge
			.builder("lumiku_job_last_success_timestamp_seconds", this,
					(metrics) -> metrics.state(job).lastSuccessEpochSeconds())
			.tag("job_name", job)
			.description(
					"End time (Unix seconds) of the job's newest COMPLETED execution, across the cluster; 0 if none")
			.register(this.registry);
		// Counters start at 0 rather than appearing at their first event, so rate() and
		// the dashboards show 0 instead of "no data".
		for (String status : FINAL_STATUSES) {
			runsCounter(job, status);
			durationTimer(job, status);
		}
		for (String reason : SKIP_REASONS) {
			skippedCounter(job, reason);
		}
		for (String reason : RESUME_REASONS) {
			resumedCounter(job, reason);
		}
		counter(MISFIRES, job);
		counter(LAUNCH_FAILURES, job);
		counter(RECOVERED, job);
		counter(TIMEOUTS, job);
	}

	/** A run this process executed has ended. */
	public void finished(JobExecution execution) {
		String job = execution.getJobInstance().getJobName();
		String status = execution.getStatus().name();
		runsCounter(job, status).increment();
		if (execution.getStartTime() != null && execution.getEndTime() != null) {
			durationTimer(job, status).record(Duration.between(execution.getStartTime(), execution.getEndTime()));
		}
	}

	/** A scheduled tick was not run. */
	public void skipped(String job, String reason) {
		skippedCounter(job, reason).increment();
	}

	/**
	 * Quartz reported a misfire (the tick came due while no thread or node could take
	 * it).
	 */
	public void misfired(String job) {
		counter(MISFIRES, job).increment();
	}

	/** A launch failed before the job ran. */
	public void launchFailed(String job) {
		counter(LAUNCH_FAILURES, job).increment();
	}

	/** An execution left running by a dead worker was made restartable. */
	public void recovered(String job) {
		counter(RECOVERED, job).increment();
	}

	/**
	 * A scheduled period lost to infrastructure was resumed automatically.
	 * @param job the job name
	 * @param reason {@code unknown}, {@code orphaned} or {@code connection-lost}
	 */
	public void resumed(String job, String reason) {
		resumedCounter(job, reason).increment();
	}

	/** A run exceeded its maximum run time and was asked to stop. */
	public void timedOut(String job) {
		counter(TIMEOUTS, job).increment();
	}

	private Counter runsCounter(String job, String status) {
		return Counter.builder("lumiku_job_runs_total")
			.tags("job_name", job, "status", status)
			.description("Job runs that ended in this process, by final status")
			.register(this.registry);
	}

	private Timer durationTimer(String job, String status) {
		return Timer.builder("lumiku_job_duration_seconds")
			.tags("job_name", job, "status", status)
			.description("Duration of job runs")
			.register(this.registry);
	}

	private Counter skippedCounter(String job, String reason) {
		return Counter.builder("lumiku_job_skipped_total")
			.tags("job_name", job, "reason", reason)
			.description("Scheduled ticks not run, by reason")
			.register(this.registry);
	}

	private Counter resumedCounter(String job, String reason) {
		return Counter.builder("lumiku_job_resumed_total")
			.tags("job_name", job, "reason", reason)
			.description("Scheduled periods lost to infrastructure resumed automatically, by reason")
			.register(this.registry);
	}

	private Counter counter(String[] nameAndDescription, String job) {
		return Counter.builder(nameAndDescription[0])
			.tag("job_name", job)
			.description(nameAndDescription[1])
			.register(this.registry);
	}

	JobState state(String job) {
		Snapshot current = this.snapshot.get();
		if (!current.readable()) {
			return new JobState(Double.NaN, Double.NaN);
		}
		return current.states().getOrDefault(job, new JobState(0, 0));
	}

	private Snapshot readSnapshot() {
		Map<String, JobState> states = new ConcurrentHashMap<>();
		try {
			this.jdbc.query(SNAPSHOT, (rs) -> {
				states.put(rs.getString("job_name"), new JobState(rs.getLong("running"), rs.getDouble("last_success")));
			});
		}
		catch (RuntimeException ex) {
			// database unreachable: report NaN rather than stale or made-up numbers
			return new Snapshot(false, Map.of());
		}
		return new Snapshot(true, states);
	}

}
