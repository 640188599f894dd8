package com.lumiku.worker.scheduling;

import java.util.List;

import com.lumiku.worker.observability.JobMetrics;
import com.lumiku.worker.run.JobCatalog;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * In the daemon ({@code lumiku.mode=serve}), before Quartz starts firing: validates every
 * schedule file and applies them. A bad file stops the start-up with its
 * {@code file:line} problems rather than silently dropping a schedule. Also counts Quartz
 * misfires.
 */
@Component
@ConditionalOnProperty(name = "lumiku.mode", havingValue = "serve")
class ServeModeScheduling implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(ServeModeScheduling.class);

	private final ScheduleSynchronizer synchronizer;

	private final Scheduler scheduler;

	private final JobMetrics metrics;

	private final JobCatalog catalog;

	ServeModeScheduling(ScheduleSynchronizer synchronizer, Scheduler scheduler, JobMetrics metrics,
			JobCatalog catalog) {
		this.synchronizer = synchronizer;
		this.scheduler = scheduler;
		this.metrics = metrics;
		this.catalog = catalog;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<JobSchedule> schedules = this.synchronizer.reload();
		logger.info("{} schedule file(s) loaded: {}", schedules.size(),
				schedules.stream().map(JobSchedule::jobName).toList());
		try {
			this.scheduler.getListenerManager().addTriggerListener(new MisfireCounter());
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not register the Quartz misfire listener", ex);
		}
	}

	private final class MisfireCounter extends TriggerListenerSupport {

		@Override
		public String getName() {
			return "lumiku-misfire-counter";
		}

		@Override
		public void triggerMisfired(Trigger trigger) {
			logger.warn("Tick of {} misfired (due {}); misfire policy applies", trigger.getJobKey().getName(),
					trigger.getNextFireTime());
			ServeModeScheduling.this.metrics.misfired(trigger.getJobKey().getName());
		}

	}

}
