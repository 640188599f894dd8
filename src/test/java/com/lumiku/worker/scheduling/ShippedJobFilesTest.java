package com.lumiku.worker.scheduling;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.lumiku.worker.run.JobDescriptor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jobs/} files shipped with the repository load cleanly against the real job
 * descriptors: the {@link JobDescriptor} {@code @Bean} methods of the application's
 * configuration classes, called without starting Spring.
 */
class ShippedJobFilesTest {

	private static final Path JOBS = Path.of("jobs");

	@Test
	void every_shipped_schedule_file_loads_against_the_real_job_descriptors() throws IOException {
		Map<String, JobDescriptor> descriptors = applicationDescriptors();

		List<JobSchedule> schedules = new JobFileLoader(descriptors).load(JOBS);

		assertThat(schedules).extracting((schedule) -> schedule.source().getFileName().toString())
			.containsExactlyInAnyOrderElementsOf(yamlFiles());
		assertThat(schedules).isNotEmpty().allSatisfy((schedule) -> {
			assertThat(descriptors).containsKey(schedule.jobName());
			assertThat(descriptors.get(schedule.jobName()).validate(schedule.parameters()))
				.as("%s: the file's parameters, as written, are what its runs get", schedule.jobName())
				.containsAllEntriesOf(schedule.parameters());
		});
	}

	@Test
	void the_shipped_files_use_the_new_names_stop_after_and_period_time_zone() {
		Map<String, JobDescriptor> descriptors = applicationDescriptors();
		JobFileLoader loader = new JobFileLoader(descriptors);

		JobSchedule sessions = loader.loadFile(JOBS.resolve("session-cleanup.yml"));
		JobSchedule quota = loader.loadFile(JOBS.resolve("quota-reset.yml"));

		assertThat(sessions.stopAfter()).isEqualTo(java.time.Duration.ofMinutes(20));
		assertThat(sessions.parameters()).containsEntry("maxRunTime", "15m").containsEntry("keepExpiredFor", "30d");
		assertThat(quota.parameters()).containsEntry("periodTimeZone", "UTC").doesNotContainKey("timeZone");
	}

	@Test
	void job_history_prune_is_shipped_daily_with_its_documented_settings() {
		JobSchedule prune = new JobFileLoader(applicationDescriptors()).loadFile(JOBS.resolve("job-history-prune.yml"));

		assertThat(prune.cron()).isEqualTo("0 30 3 * * ?");
		assertThat(prune.enabled()).isTrue();
		assertThat(prune.parameters()).containsEntry("retention", "30d").containsEntry("batchSize", "500");
		assertThat(prune.misfirePolicy()).isEqualTo(MisfirePolicy.FIRE_ONCE);
		assertThat(prune.overlapPolicy()).isEqualTo(OverlapPolicy.SKIP);
	}

	@Test
	void the_application_declares_job_history_prune() {
		assertThat(applicationDescriptors()).containsKey("job-history-prune");
	}

	private static List<String> yamlFiles() throws IOException {
		try (Stream<Path> files = Files.list(JOBS)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".yml") || name.endsWith(".yaml"))
				.toList();
		}
	}

	/**
	 * Calls every {@code @Bean} method returning a {@link JobDescriptor} in the main (not
	 * test) {@code @Configuration} classes of the application.
	 */
	static Map<String, JobDescriptor> applicationDescriptors() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Configuration.class));
		Map<String, JobDescriptor> descriptors = new TreeMap<>();
		for (BeanDefinition definition : scanner.findCandidateComponents("com.lumiku.worker")) {
			Class<?> type = ClassUtils.resolveClassName(definition.getBeanClassName(), null);
			if (isTestClass(type)) {
				continue;
			}
			for (Method method : type.getDeclaredMethods()) {
				if (method.isAnnotationPresent(Bean.class) && method.getReturnType() == JobDescriptor.class) {
					JobDescriptor descriptor = call(type, method);
					assertThat(descriptors.put(descriptor.name(), descriptor)).as("descriptor %s", descriptor.name())
						.isNull();
				}
			}
		}
		return descriptors;
	}

	private static boolean isTestClass(Class<?> type) {
		return type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes");
	}

	private static JobDescriptor call(Class<?> type, Method method) {
		assertThat(method.getParameterCount()).as("%s needs no arguments to be called here", method).isZero();
		try {
			Constructor<?> constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
			method.setAccessible(true);
			return (JobDescriptor) method.invoke(constructor.newInstance());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot call " + method, ex);
		}
	}

}
