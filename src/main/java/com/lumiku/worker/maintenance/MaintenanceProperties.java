package com.lumiku.worker.maintenance;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Database maintenance ({@code lumiku.maintenance.*}); the checks' own settings are job
 * parameters (jobs/db-maintenance.yml, jobs/db-vacuum.yml).
 *
 * @param metricsRefreshInterval how often the daemon re-reads the newest check figures
 * for the {@code lumiku_db_*} gauges ({@code LUMIKU_MAINTENANCE_METRICS_REFRESH}); at
 * least 1s
 * @param reportStatementTimeout the longest one check of {@code db report} may take
 * ({@code LUMIKU_MAINTENANCE_REPORT_TIMEOUT}); at least 100ms
 */
@ConfigurationProperties("lumiku.maintenance")
public record MaintenanceProperties(@DefaultValue("60s") Duration metricsRefreshInterval,
		@DefaultValue("10s") Duration reportStatementTimeout) {

	public MaintenanceProperties {
		if (metricsRefreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException(
					"lumiku.maintenance.metrics-refresh-interval must be at least 1s, got " + metricsRefreshInterval);
		}
		if (reportStatementTimeout.compareTo(Duration.ofMillis(100)) < 0) {
			throw new IllegalArgumentException(
					"lumiku.maintenance.report-statement-timeout must be at least 100ms, got "
							+ reportStatementTimeout);
		}
	}

}
