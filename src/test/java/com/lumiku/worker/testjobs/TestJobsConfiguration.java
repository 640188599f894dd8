package com.lumiku.worker.testjobs;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs that exist only in tests (enabled by {@code lumiku.test-jobs.enabled=true}, also
 * in the worker processes the multi-process tests start):
 * <ul>
 * <li>{@code test-tick}: records its run key once, for "fires once per tick" checks;</li>
 * <li>{@code test-slow}: writes items 1..N in chunks of 5, slowly, into a table whose
 * primary key would reject any item written twice; restartable from the last committed
 * chunk. With {@code cutConnectionAtItem=N} the first run of a run key in this JVM
 * terminates its own database backend ({@code pg_terminate_backend(pg_backend_pid())})
 * when it writes item N, in a transaction of its own (as the bulk jobs' batches are): a
 * genuine lost connection, as a server restart or a network cut leaves it, under a chunk
 * whose own transaction still rolls back.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lumiku.test-jobs.enabled", havingValue = "true")
public class TestJobsConfiguration {

	/** The run keys whose connection was cut already (once per run key). */
	private static final Set<String> CUT = ConcurrentHashMap.newKeySet();

	@Bean
	JobDescriptor testTickDescriptor() {
		return new JobDescriptor("test-tick", "Test: record the run key", List.of());
	}

	@Bean
	Job testTickJob(JobRepository repository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
		Step step = new StepBuilder("record-tick", repository).tasklet((contribution, chunk) -> {
			String runKey = chunk.getStepContext().getJobParameters().get("runKey").toString();
			String worker = workerName();
			jdbc.update(
					"CREATE TABLE IF NOT EXISTS test_ticks (run_key text, worker text, at timestamptz DEFAULT now())");
			jdbc.update("INSERT INTO test_ticks (run_key, worker) VALUES (?, ?)", runKey, worker);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
		return new JobBuilder("test-tick", repository).start(step).build();
	}

	@Bean
	JobDescriptor testSlowDescriptor() {
		return new JobDescriptor("test-slow", "Test: write items slowly in chunks",
				List.of(ParameterSpec.optional("items", ParameterType.LONG, "60", "How many items"),
						ParameterSpec.optional("delayMillis", ParameterType.LONG, "200", "Pause per item"),
						ParameterSpec.optional("cutConnectionAtItem", ParameterType.LONG, "0",
								"Terminate the writer's own database connection at this item, once per run key "
										+ "(0: never)")));
	}

	@Bean
	Job testSlowJob(JobRepository repository, Step testSlowStep) {
		return new JobBuilder("test-slow", repository).start(testSlowStep).build();
	}

	@Bean
	Step testSlowStep(JobRepository repository, PlatformTransactionManager transactionManager,
			CountingReader testSlowReader, JdbcTemplate jdbc) {
		TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
		ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		ItemWriter<Integer> writer = (chunk) -> {
			for (Integer item : chunk) {
				if (item == testSlowReader.cutConnectionAt() && CUT.add(testSlowReader.runKey())) {
					ownTransaction.executeWithoutResult((status) -> jdbc
						.queryForObject("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class));
				}
				jdbc.update("INSERT INTO test_slow_items (run_key, item, worker) VALUES (?, ?, ?)",
						testSlowReader.runKey(), item, workerName());
			}
		};
		return new StepBuilder("write-items", repository).<Integer, Integer>chunk(5)
			.transactionManager(transactionManager)
			.reader(testSlowReader)
			.writer(writer)
			.build();
	}

	@Bean
	@StepScope
	CountingReader testSlowReader(@Value("#{jobParameters['items']}") Long items,
			@Value("#{jobParameters['delayMillis']}") Long delayMillis,
			@Value("#{jobParameters['runKey']}") String runKey,
			@Value("#{jobParameters['cutConnectionAtItem'] ?: 0}") Long cutConnectionAt, JdbcTemplate jdbc) {
		jdbc.update("CREATE TABLE IF NOT EXISTS test_slow_items (run_key text, item integer, worker text, "
				+ "PRIMARY KEY (run_key, item))");
		return new CountingReader(items.intValue(), delayMillis, runKey, cutConnectionAt.intValue());
	}

	/**
	 * The worker process's configured name (the multi-process tests set it), or "local".
	 */
	static String workerName() {
		String name = System.getenv("LUMIKU_WORKER_ID");
		return (name != null) ? name : "local";
	}

}
