package com.lumiku.worker.run;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Restarts a step from the last position one of its runs saved, even when its newest run
 * died before saving any.
 *
 * <p>
 * Spring Batch 6 creates a step's execution with an empty execution context in a
 * transaction of its own, copies the previous run's context (the reader's position) into
 * it in memory, and saves it first with the first chunk's commit. A worker killed, or a
 * database lost, in between (at least one chunk's time: 0.75 s for the chaos suite's
 * {@code test-slow}) leaves the newest step execution with an empty context. The next
 * restart takes its context from that newest execution, so it starts the step from the
 * beginning and repeats every chunk the earlier runs committed: the chaos suite saw it as
 * a duplicate key on item 1 of a period resumed twice (and a writer without such a key
 * would have written those items twice).
 *
 * <p>
 * The job repository is therefore decorated: when the last execution of a step did not
 * complete and saved no context, its context is taken from the newest earlier execution
 * of that step in the same job instance that saved one, which is exactly what the dead
 * run had copied (a run that did not complete no longer changes its context). Nothing
 * else of the repository changes.
 */
@Component
class RestartFromSavedPosition implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(RestartFromSavedPosition.class);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof JobRepository repository)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.setInterfaces(ClassUtils.getAllInterfaces(bean));
		proxy.addAdvice((MethodInterceptor) (invocation) -> {
			Object result = invocation.proceed();
			if ("getLastStepExecution".equals(invocation.getMethod().getName()) && invocation.getArguments().length == 2
					&& result instanceof StepExecution last) {
				return withSavedPosition(repository, last);
			}
			return result;
		});
		return proxy.getProxy(getClass().getClassLoader());
	}

	/**
	 * The step's last execution, with the context of the newest earlier execution that
	 * saved one when it saved none and did not complete.
	 * @param repository the job repository
	 * @param last the step's last execution, as Spring Batch found it
	 * @return the same execution
	 */
	static StepExecution withSavedPosition(JobRepository repository, StepExecution last) {
		if (last.getStatus() == BatchStatus.COMPLETED || !last.getExecutionContext().isEmpty()) {
			return last;
		}
		JobInstance instance = last.getJobExecution().getJobInstance();
		List<StepExecution> earlier = repository.getJobExecutions(instance)
			.stream()
			.map(JobExecution::getStepExecutions)
			.flatMap(java.util.Collection::stream)
			.filter((step) -> step.getStepName().equals(last.getStepName()) && step.getId() < last.getId())
			.sorted(Comparator.comparingLong(StepExecution::getId).reversed())
			.toList();
		for (StepExecution step : earlier) {
			StepExecution saved = repository.getStepExecution(step.getId());
			ExecutionContext context = (saved != null) ? saved.getExecutionContext() : null;
			if (context != null && !context.isEmpty()) {
				logger.warn(
						"Step {} of {} (step execution {}) died before it saved its position; it restarts from the "
								+ "position step execution {} saved",
						last.getStepName(), instance.getJobName(), last.getId(), Objects.toString(saved.getId()));
				last.setExecutionContext(new ExecutionContext(context));
				return last;
			}
		}
		return last;
	}

}
