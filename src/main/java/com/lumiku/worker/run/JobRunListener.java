package com.lumiku.worker.run;

import com.lumiku.worker.cluster.ExecutionOwners;
import com.lumiku.worker.observability.JobMetrics;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.SimpleJob;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Attached to every Spring Batch job: records which worker runs the execution
 * ({@link ExecutionOwners}) and that a thread of this JVM runs it
 * ({@link RunningExecutions}), puts the job name and execution id in the logging MDC for
 * the run, marks a run that failed on a lost database ({@link DatabaseLoss}) and records
 * the run's outcome in {@link JobMetrics}.
 */
@Component
class JobRunListener implements BeanPostProcessor {

	private final ObjectProvider<JobMetrics> metrics;

	private final ObjectProvider<ExecutionOwners> owners;

	private final ObjectProvider<ObservationRegistry> observations;

	private final ObjectProvider<RunningExecutions> runningHere;

	JobRunListener(ObjectProvider<JobMetrics> metrics, ObjectProvider<ExecutionOwners> owners,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<RunningExecutions> runningHere) {
		this.metrics = metrics;
		this.owners = owners;
		this.observations = observations;
		this.runningHere = runningHere;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractJob job) {
			job.registerJobExecutionListener(new Listener());
			ObservationRegistry registry = this.observations.getIfAvailable();
			if (registry != null) {
				// Spring Batch 6 observes (spring_batch_job_*, spring_batch_step_*) only
				// when given a registry; the builders default to none.
				job.setObservationRegistry(registry);
				if (job instanceof SimpleJob simple) {
					simple.getStepNames().stream().map(simple::getStep).forEach((step) -> observe(step, registry));
				}
			}
		}
		else if (bean instanceof AbstractStep step) {
			ObservationRegistry registry = this.observations.getIfAvailable();
			if (registry != null) {
				step.setObservationRegistry(registry);
			}
		}
		return bean;
	}

	private static void observe(Step step, ObservationRegistry registry) {
		if (step instanceof AbstractStep abstractStep) {
			abstractStep.setObservationRegistry(registry);
		}
	}

	private final class Listener implements JobExecutionListener {

		@Override
		public void beforeJob(JobExecution execution) {
			MDC.put("job", execution.getJobInstance().getJobName());
			MDC.put("execution", String.valueOf(execution.getId()));
			// registered before it is claimed: a claimed run of this worker that is not
			// registered has no thread behind it
			JobRunListener.this.runningHere.getObject().register(execution);
			JobRunListener.this.owners.getObject().claim(execution.getId());
			JobRunListener.this.runningHere.getObject().started(execution);
		}

		@Override
		public void afterJob(JobExecution execution) {
			try {
				summarizeSteps(execution);
				markDatabaseLoss(execution);
				JobRunListener.this.metrics.getObject().finished(execution);
			}
			finally {
				MDC.remove("job");
				MDC.remove("execution");
			}
		}

	}

	/**
	 * A run that failed because the database went away says so first in its exit
	 * description ({@link DatabaseLoss#MARK}), read from its exceptions while they are at
	 * hand: the stack trace Spring Batch stores after it is truncated before the cause.
	 */
	static void markDatabaseLoss(JobExecution execution) {
		if (execution.getStatus() != BatchStatus.FAILED) {
			return;
		}
		DatabaseLoss.in(execution.getAllFailureExceptions())
			.ifPresent((loss) -> execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(),
					DatabaseLoss.marked(loss, execution.getExitStatus().getExitDescription()))));
	}

	/**
	 * A stopped run's exit description says how to carry on. A completed run's exit
	 * description says what every step did ("opened 120 periods; none left; deleted 3
	 * periods; none left"), not only the last step, which is all Spring Batch keeps.
	 * Partitions ({@code step:1-of-2}) are summed in their step already.
	 */
	static void summarizeSteps(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.STOPPED) {
			// Spring Batch's own description is the name of its JobInterruptedException
			execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(),
					"stopped on request at a chunk boundary; jobs restart " + execution.getId() + " carries on"));
			return;
		}
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		String summary = execution.getStepExecutions()
			.stream()
			.sorted(java.util.Comparator.comparing(StepExecution::getId))
			.filter((step) -> !step.getStepName().contains(":"))
			.map((step) -> step.getExitStatus().getExitDescription())
			.filter((description) -> description != null && !description.isBlank())
			.collect(java.util.stream.Collectors.joining("; "));
		if (!summary.isEmpty()) {
			execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), summary));
		}
	}

}
