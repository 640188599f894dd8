package com.lumiku.worker.observability;

import com.lumiku.worker.run.JobCatalog;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Registers the cluster-wide gauges of every known job at start-up, in every mode, so a
 * dashboard shows each job (at 0) before its first run, with its missed-schedule gauges
 * ({@link ScheduleGauges}).
 */
@Component
class JobGauges implements SmartInitializingSingleton {

	private final JobCatalog catalog;

	private final JobMetrics metrics;

	private final ScheduleGauges schedules;

	private final MeterRegistry registry;

	JobGauges(JobCatalog catalog, JobMetrics metrics, ScheduleGauges schedules, MeterRegistry registry) {
		this.catalog = catalog;
		this.metrics = metrics;
		this.schedules = schedules;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.catalog.entries().forEach((entry) -> {
			this.metrics.registerJob(entry.name());
			this.schedules.registerJob(this.registry, entry.name());
		});
	}

}
