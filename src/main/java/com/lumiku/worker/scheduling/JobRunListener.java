package com.lumiku.worker.scheduling;

import org.slf4j.MDC;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Attached to every Spring Batch job: records which worker runs the execution
 * ({@link ExecutionOwners}), puts the job name and execution id in the logging MDC for
 * the run, and records the run's outcome in {@link JobMetrics}.
 */
@Component
class JobRunListener implements BeanPostProcessor {

	private final ObjectProvider<JobMetrics> metrics;

	private final ObjectProvider<ExecutionOwners> owners;

	JobRunListener(ObjectProvider<JobMetrics> metrics, ObjectProvider<ExecutionOwners> owners) {
		this.metrics = metrics;
		this.owners = owners;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractJob job) {
			job.registerJobExecutionListener(new Listener());
		}
		return bean;
	}

	private final class Listener implements JobExecutionListener {

		@Override
		public void beforeJob(JobExecution execution) {
			MDC.put("job", execution.getJobInstance().getJobName());
			MDC.put("execution", String.valueOf(execution.getId()));
			JobRunListener.this.owners.getObject().claim(execution.getId());
		}

		@Override
		public void afterJob(JobExecution execution) {
			try {
				JobRunListener.this.metrics.getObject().finished(execution);
			}
			finally {
				MDC.remove("job");
				MDC.remove("execution");
			}
		}

	}

}
