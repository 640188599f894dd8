package com.lumiku.worker.operator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs list} and {@code jobs history} each read the cluster's state in one
 * statement, however many jobs and runs there are: statements are counted on the calling
 * thread through the application's own data source.
 */
@SpringBootTest(properties = { "lumiku.test-jobs.enabled=true", "spring.main.web-application-type=none" })
class OperatorQueriesTest extends WorkerIntegrationTest {

	private static final ThreadLocal<AtomicInteger> statements = new ThreadLocal<>();

	@org.springframework.beans.factory.annotation.Autowired
	JobControl control;

	@Test
	void history_of_forty_runs_is_one_statement_with_every_run_and_its_parameters() {
		for (int i = 1; i <= 40; i++) {
			this.control.runAndWait("test-slow", Map.of("items", "1", "delayMillis", "1"), Optional.of("history-" + i));
		}

		List<JobControl.RunView> history = counting(() -> this.control.history("test-slow", 40));

		assertThat(statements.get().get()).as("statements for one history").isEqualTo(1);
		assertThat(history).hasSize(40);
		assertThat(history.get(0).runKey()).isEqualTo("history-40");
		assertThat(history.get(39).runKey()).isEqualTo("history-1");
		assertThat(history).allSatisfy((run) -> {
			assertThat(run.status()).isEqualTo("COMPLETED");
			assertThat(run.origin()).isEqualTo("manual");
			assertThat(run.parameters()).containsEntry("items", "1").containsEntry("delayMillis", "1");
			assertThat(run.worker()).isNotBlank();
			assertThat(run.startTime()).isPresent();
			assertThat(run.endTime()).isPresent();
		});
	}

	@Test
	void the_job_list_is_one_statement_with_each_jobs_last_run() {
		JobControl.RunView last = this.control.runAndWait("test-slow", Map.of("items", "1", "delayMillis", "1"),
				Optional.of("list-1"));

		List<JobControl.JobView> jobs = counting(() -> this.control.list());

		assertThat(statements.get().get()).as("statements for the job list").isEqualTo(1);
		assertThat(jobs).extracting(JobControl.JobView::name).contains("test-slow", "job-history-prune");
		JobControl.JobView slow = jobs.stream().filter((job) -> job.name().equals("test-slow")).findFirst().get();
		assertThat(slow.lastRun()).hasValueSatisfying((run) -> {
			assertThat(run.executionId()).isEqualTo(last.executionId());
			assertThat(run.runKey()).isEqualTo("list-1");
		});
		assertThat(slow.running()).isZero();
		assertThat(slow.description()).isNotBlank();
	}

	private static <T> T counting(Supplier<T> action) {
		statements.set(new AtomicInteger());
		return action.get();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CountStatements {

		@Bean
		static BeanPostProcessor countingDataSource() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource dataSource) ? counting(dataSource) : bean;
				}
			};
		}

		private static DataSource counting(DataSource target) {
			return (DataSource) Proxy.newProxyInstance(CountStatements.class.getClassLoader(),
					new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
						Object result = invoke(target, method, arguments);
						return (result instanceof Connection connection) ? counting(connection) : result;
					});
		}

		private static Connection counting(Connection target) {
			return (Connection) Proxy.newProxyInstance(CountStatements.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						AtomicInteger counter = statements.get();
						if (counter != null && (method.getName().startsWith("prepare")
								|| method.getName().equals("createStatement"))) {
							counter.incrementAndGet();
						}
						return invoke(target, method, arguments);
					});
		}

		private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
				throws Throwable {
			try {
				return method.invoke(target, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
