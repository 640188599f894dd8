package com.lumiku.worker.console;

import java.time.OffsetDateTime;
import java.util.List;

import com.lumiku.worker.scheduling.SchedulingProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cluster as the database sees it: every worker's heartbeat row, its age by the
 * database clock, whether that is within {@code lumiku.scheduling.worker-stale-after},
 * and the runs each worker owns that are going on.
 */
@Component
class ClusterView {

	/** One worker process. */
	record Worker(String id, String host, long pid, String mode, OffsetDateTime startedAt, double heartbeatAge,
			boolean alive, List<String> running) {

		public String started() {
			return Durations.utc(this.startedAt);
		}

		public String age() {
			return Durations.words(java.time.Duration.ofMillis((long) (this.heartbeatAge * 1000)));
		}

	}

	private static final String WORKERS = """
			SELECT w.id, w.host, w.pid, w.mode, w.started_at,
			       extract(epoch FROM now() - w.heartbeat_at)::float8 AS age,
			       w.heartbeat_at >= now() - make_interval(secs => ?) AS alive,
			       coalesce((SELECT array_agg(i.job_name || ' #' || e.job_execution_id || ' ' || e.status
			                                  ORDER BY e.job_execution_id)
			                 FROM lumiku_worker.job_execution_owner o
			                 JOIN lumiku_worker.batch_job_execution e ON e.job_execution_id = o.job_execution_id
			                 JOIN lumiku_worker.batch_job_instance i ON i.job_instance_id = e.job_instance_id
			                 WHERE o.worker_id = w.id AND e.status IN ('STARTING', 'STARTED', 'STOPPING')),
			                '{}') AS running
			FROM lumiku_worker.worker_instance w
			ORDER BY w.started_at, w.id
			""";

	private final JdbcTemplate jdbc;

	private final SchedulingProperties scheduling;

	ClusterView(JdbcTemplate jdbc, SchedulingProperties scheduling) {
		this.jdbc = jdbc;
		this.scheduling = scheduling;
	}

	List<Worker> workers() {
		return this.jdbc.query(WORKERS,
				(row, n) -> new Worker(row.getString("id"), row.getString("host"), row.getLong("pid"),
						row.getString("mode"), row.getObject("started_at", OffsetDateTime.class), row.getDouble("age"),
						row.getBoolean("alive"), List.of((String[]) row.getArray("running").getArray())),
				this.scheduling.workerStaleAfter().toMillis() / 1000.0);
	}

	java.time.Duration staleAfter() {
		return this.scheduling.workerStaleAfter();
	}

}
