package com.lumiku.worker.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.lumiku.worker.scheduling.SchedulingProperties;

import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether each running execution's owner is alive and how old it is, answered in one
 * statement by the database clock ({@code now()}), never a node's: heartbeats, claims and
 * creation times are all written with {@code now()} too.
 */
@Component
public class ExecutionLiveness {

	/**
	 * One execution as the cluster sees it.
	 *
	 * @param executionId the execution
	 * @param jobName its job
	 * @param status its status in the job repository
	 * @param owner the worker that claimed it, if one got that far
	 * @param ownerAlive whether that worker's heartbeat is within the staleness limit
	 * @param age since it was created
	 * @param runTime since its owner claimed it (started it), if it did
	 */
	public record Execution(long executionId, String jobName, BatchStatus status, Optional<String> owner,
			boolean ownerAlive, Duration age, Optional<Duration> runTime) {

		public boolean isRunning() {
			return this.status.isRunning();
		}

	}

	private static final String SELECT = """
			SELECT e.job_execution_id, i.job_name, e.status, o.worker_id,
			       coalesce(w.heartbeat_at >= now() - make_interval(secs => ?), false) AS owner_alive,
			       extract(epoch FROM now() - coalesce(c.created_at, o.claimed_at, '-infinity')) AS age_seconds,
			       extract(epoch FROM now() - o.claimed_at) AS run_seconds
			FROM lumiku_worker.batch_job_execution e
			JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
			LEFT JOIN lumiku_worker.job_execution_owner o USING (job_execution_id)
			LEFT JOIN lumiku_worker.job_execution_created c USING (job_execution_id)
			LEFT JOIN lumiku_worker.worker_instance w ON w.id = o.worker_id
			""";

	private static final String RUNNING = SELECT + """
			WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')
			ORDER BY e.job_execution_id
			""";

	private static final String ONE = SELECT + "WHERE e.job_execution_id = ?";

	private final JdbcTemplate jdbc;

	private final SchedulingProperties properties;

	public ExecutionLiveness(JdbcTemplate jdbc, SchedulingProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** Every execution running anywhere in the cluster, oldest first. */
	public List<Execution> running() {
		return this.jdbc.query(RUNNING, this::map, staleAfterSeconds());
	}

	/** One execution, if it exists. */
	public Optional<Execution> of(long executionId) {
		return this.jdbc.query(ONE, this::map, staleAfterSeconds(), executionId).stream().findFirst();
	}

	private Execution map(java.sql.ResultSet row, int number) throws java.sql.SQLException {
		double age = row.getDouble("age_seconds");
		double run = row.getDouble("run_seconds");
		boolean started = !row.wasNull();
		return new Execution(row.getLong("job_execution_id"), row.getString("job_name"),
				BatchStatus.valueOf(row.getString("status")), Optional.ofNullable(row.getString("worker_id")),
				row.getBoolean("owner_alive"), seconds(age), started ? Optional.of(seconds(run)) : Optional.empty());
	}

	private static Duration seconds(double seconds) {
		return Double.isInfinite(seconds) ? Duration.ofDays(365_000) : Duration.ofNanos((long) (seconds * 1e9));
	}

	private double staleAfterSeconds() {
		return this.properties.workerStaleAfter().toMillis() / 1000.0;
	}

}
