package com.lumiku.worker.run;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.CannotAcquireLockException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recovering tick first reads its period's last execution; PostgreSQL aborted that
 * SERIALIZABLE read while several dead workers' runs were resumed (chaos suite, seed 4),
 * the tick failed, and its period stayed FAILED for good. The read is tried again.
 */
class LastExecutionRetryTest {

	@Test
	void a_period_read_aborted_by_a_serialization_failure_is_read_again() {
		JobExecution last = new JobExecution(82L, new JobInstance(9L, "test-slow"), new JobParameters());
		AtomicInteger reads = new AtomicInteger();
		JobRepository repository = (JobRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { JobRepository.class }, (proxy, method, arguments) -> {
					if (!method.getName().equals("getLastJobExecution")) {
						throw new UnsupportedOperationException(method.getName());
					}
					if (reads.incrementAndGet() == 1) {
						throw new CannotAcquireLockException(
								"ERROR: could not serialize access due to read/write dependencies among transactions");
					}
					return last;
				});

		assertThat(new JobRuns(null, null, repository, null, null).lastExecution("test-slow", "2026-12-01T15:54:50Z"))
			.contains(last);
		assertThat(reads).hasValue(2);
	}

}
