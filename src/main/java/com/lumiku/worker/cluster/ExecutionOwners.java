package com.lumiku.worker.cluster;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which worker process runs each job execution
 * ({@code lumiku_worker.job_execution_owner}). The owner is recorded when the execution
 * starts, so a restarted execution belongs to the process that restarted it.
 */
@Component
public class ExecutionOwners {

	private static final String CLAIM = """
			INSERT INTO lumiku_worker.job_execution_owner (job_execution_id, worker_id) VALUES (?, ?)
			ON CONFLICT (job_execution_id) DO UPDATE SET worker_id = EXCLUDED.worker_id, claimed_at = now()
			""";

	private final JdbcTemplate jdbc;

	private final WorkerIdentity identity;

	public ExecutionOwners(JdbcTemplate jdbc, WorkerIdentity identity) {
		this.jdbc = jdbc;
		this.identity = identity;
	}

	/** Records that this process runs the execution. */
	public void claim(long executionId) {
		this.jdbc.update(CLAIM, executionId, this.identity.id());
	}

}
