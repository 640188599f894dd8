package com.lumiku.worker.bulk;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the bulk jobs' {@link BatchedWork} tasklets and their steps, so that a job's
 * configuration names only what is its own: the action, the batch and the count of what
 * is left.
 */
@Component
public class BatchedWorks {

	private final JobRepository repository;

	private final JdbcTemplate jdbc;

	private final PlatformTransactionManager transactionManager;

	private final BulkMetrics metrics;

	private final SimpleAsyncTaskExecutor partitionThreads = new SimpleAsyncTaskExecutor("bulk-partition-");

	BatchedWorks(JobRepository repository, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			BulkMetrics metrics) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.transactionManager = transactionManager;
		this.metrics = metrics;
	}

	/**
	 * A tasklet doing {@code batch} until it reports nothing left.
	 * @param action the job and action (metrics, logs)
	 * @param settings the run's common bulk parameters (part of the job's parameter
	 * record)
	 * @param batch one batch, in its own transaction
	 * @param remaining counts the rows left (dry runs, runs that hit their maximum run
	 * time)
	 * @return the tasklet
	 */
	public BatchedWork create(BulkAction action, BulkSettings settings, BatchedWork.Batch batch,
			BatchedWork.Remaining remaining) {
		return new BatchedWork(action, settings, batch, remaining, this.jdbc, this.transactionManager, this.metrics);
	}

	/**
	 * The step that runs a (step-scoped) {@link BatchedWork}.
	 * @param name the step's name
	 * @param work the tasklet
	 * @return the step
	 */
	public Step step(String name, BatchedWork work) {
		return new StepBuilder(name, this.repository).tasklet(work, this.transactionManager).build();
	}

	/**
	 * A step that runs {@code worker} once per partition of {@code partitioner}, the
	 * partitions at the same time, each on its own thread (and its own two connections:
	 * the step's and the batch's).
	 * @param name the step's name; its partitions are {@code name-part:1-of-N}...
	 * @param partitioner the (step-scoped) partitioner
	 * @param worker the step each partition runs
	 * @return the step
	 */
	public Step partitionedStep(String name, Partitioner partitioner, Step worker) {
		return new StepBuilder(name, this.repository).partitioner(worker.getName(), partitioner)
			.step(worker)
			.taskExecutor(this.partitionThreads)
			.build();
	}

}
