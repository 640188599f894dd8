package com.lumiku.worker.cluster;

import com.lumiku.worker.scheduling.SchedulingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps this process's row in {@code lumiku_worker.worker_instance} fresh. Whether a
 * worker is alive is judged from that row by the database clock, in
 * {@link ExecutionLiveness}.
 */
@Component
public class WorkerHeartbeat implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHeartbeat.class);

	private static final String UPSERT = """
			INSERT INTO lumiku_worker.worker_instance (id, host, pid, mode) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
			""";

	private final JdbcTemplate jdbc;

	private final WorkerIdentity identity;

	private final SchedulingProperties properties;

	private final FixedDelayLoop loop = new FixedDelayLoop("lumiku-heartbeat");

	public WorkerHeartbeat(JdbcTemplate jdbc, WorkerIdentity identity, SchedulingProperties properties) {
		this.jdbc = jdbc;
		this.identity = identity;
		this.properties = properties;
	}

	/** Refreshes this process's row now. */
	public void beat() {
		this.jdbc.update(UPSERT, this.identity.id(), this.identity.host(), this.identity.pid(), this.identity.mode());
	}

	@Override
	public void start() {
		beat();
		this.loop.start(this.properties.heartbeatInterval(), this.properties.heartbeatInterval(),
				this::beatAndLogErrors);
	}

	@Override
	public void stop() {
		this.loop.stop();
		try {
			this.jdbc.update("DELETE FROM lumiku_worker.worker_instance WHERE id = ?", this.identity.id());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove heartbeat row of {} at shutdown: {}", this.identity.id(), ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/** Stops after the scheduler and the job runs (lower phase stops later). */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	private void beatAndLogErrors() {
		try {
			beat();
		}
		catch (Throwable ex) {
			logger.warn("Heartbeat of worker {} failed (will retry): {}", this.identity.id(), ex.getMessage());
		}
	}

}
