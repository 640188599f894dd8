package com.lumiku.worker.observability;

import com.lumiku.worker.run.JobCatalog;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Registers the cluster-wide gauges of every known job at start-up, in every mode, so a
 * dashboard shows each job (at 0) before its first run.
 */
@Component
class JobGauges implements SmartInitializingSingleton {

	private final JobCatalog catalog;

	private final JobMetrics metrics;

	JobGauges(JobCatalog catalog, JobMetrics metrics) {
		this.catalog = catalog;
		this.metrics = metrics;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.catalog.entries().forEach((entry) -> this.metrics.registerJob(entry.name()));
	}

}
