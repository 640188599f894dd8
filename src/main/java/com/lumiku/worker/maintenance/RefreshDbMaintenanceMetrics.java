package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.lumiku.worker.cluster.FixedDelayLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * In the daemon, re-reads the check figures every
 * {@code lumiku.maintenance.metrics-refresh-interval}, so a process that did not run
 * {@code db-maintenance} itself publishes what the newest run (anywhere in the cluster)
 * found.
 */
@Component
@ConditionalOnProperty(name = "lumiku.mode", havingValue = "serve")
class RefreshDbMaintenanceMetrics implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RefreshDbMaintenanceMetrics.class);

	private final DbMaintenanceMetrics metrics;

	private final Duration interval;

	private final FixedDelayLoop loop = new FixedDelayLoop("lumiku-db-metrics");

	private final AtomicBoolean running = new AtomicBoolean();

	RefreshDbMaintenanceMetrics(DbMaintenanceMetrics metrics, MaintenanceProperties properties) {
		this.metrics = metrics;
		this.interval = properties.metricsRefreshInterval();
	}

	@Override
	public void start() {
		this.loop.start(Duration.ZERO, this.interval, this::refreshAndLogErrors);
		this.running.set(true);
	}

	@Override
	public void stop() {
		this.loop.stop();
		this.running.set(false);
	}

	@Override
	public boolean isRunning() {
		return this.running.get();
	}

	private void refreshAndLogErrors() {
		try {
			this.metrics.refresh();
		}
		catch (Throwable ex) {
			logger.warn("Refreshing the db-maintenance gauges failed; retrying in {}", this.interval, ex);
		}
	}

}
