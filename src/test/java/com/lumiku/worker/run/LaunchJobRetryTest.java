package com.lumiku.worker.run;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.CannotAcquireLockException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Batch's bookkeeping runs in SERIALIZABLE transactions; the chaos suite found
 * three ways PostgreSQL aborting one left a period FAILED for good. Each is now retried:
 * a restart whose new execution was aborted (seed 2: several dead-worker runs resumed at
 * once); a run whose step failed saving its context as it opened (seed 3,
 * session-cleanup); and the restart of such a run, aborted in turn (seed 3,
 * payment-expiry).
 */
class LaunchJobRetryTest {

	private static final CannotAcquireLockException SERIALIZATION_FAILURE = new CannotAcquireLockException(
			"ERROR: could not serialize access due to read/write dependencies among transactions");

	private final Deque<Object> answers = new ArrayDeque<>();

	private final List<String> calls = new java.util.ArrayList<>();

	private final JobOperator operator = (JobOperator) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { JobOperator.class }, (proxy, method, arguments) -> {
				this.calls.add(method.getName());
				Object answer = this.answers.removeFirst();
				if (answer instanceof RuntimeException failure) {
					throw failure;
				}
				return answer;
			});

	private final LaunchJob launch = new LaunchJob(this.operator, new RunningExecutions(),
			new RemoveEmptyJobInstance(null, null) {
				@Override
				boolean removeIfEmpty(String jobName, JobParameters parameters) {
					return false;
				}
			});

	@Test
	void a_restart_aborted_by_a_serialization_failure_is_tried_again() throws Exception {
		JobExecution completed = execution(8, BatchStatus.COMPLETED);
		this.answers.addAll(List.of(SERIALIZATION_FAILURE, completed));

		assertThat(this.launch.restart(execution(7, BatchStatus.FAILED))).isSameAs(completed);
		assertThat(this.calls).containsExactly("restart", "restart");
	}

	@Test
	void a_run_whose_step_failed_on_a_serialization_failure_is_restarted() throws Exception {
		JobExecution failed = execution(7, BatchStatus.FAILED);
		StepExecution step = new StepExecution(70, "delete-expired-sessions", failed);
		step.addFailureException(SERIALIZATION_FAILURE);
		failed.addStepExecution(step);
		JobExecution completed = execution(8, BatchStatus.COMPLETED);
		this.answers.addAll(List.of(failed, completed));

		assertThat(this.launch.start(job(), new JobParameters())).isSameAs(completed);
		assertThat(this.calls).containsExactly("start", "restart");
	}

	@Test
	void the_restart_of_a_run_failed_on_bookkeeping_is_tried_again_when_it_is_aborted_too() throws Exception {
		JobExecution failed = execution(7, BatchStatus.FAILED);
		failed.addFailureException(SERIALIZATION_FAILURE);
		JobExecution completed = execution(8, BatchStatus.COMPLETED);
		this.answers.addAll(List.of(failed, SERIALIZATION_FAILURE, completed));

		assertThat(this.launch.start(job(), new JobParameters())).isSameAs(completed);
		assertThat(this.calls).containsExactly("start", "restart", "restart");
	}

	private static JobExecution execution(long id, BatchStatus status) {
		JobExecution execution = new JobExecution(id, new JobInstance(3L, "session-cleanup"), new JobParameters());
		execution.setStatus(status);
		return execution;
	}

	private static Job job() {
		return (Job) Proxy.newProxyInstance(LaunchJobRetryTest.class.getClassLoader(), new Class<?>[] { Job.class },
				(proxy, method, arguments) -> method.getName().equals("getName") ? "session-cleanup"
						: Map.of().get(method.getName()));
	}

}
