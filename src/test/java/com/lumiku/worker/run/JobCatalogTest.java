package com.lumiku.worker.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.scheduling.JobFileLoader;
import com.lumiku.worker.scheduling.SchedulingProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A manual run starts from its job's enabled schedule file, the operator's values over
 * it.
 */
class JobCatalogTest {

	private static final JobDescriptor CLEANUP = new JobDescriptor("cleanup", "Clean up",
			List.of(ParameterSpec.optional("keep", ParameterType.DURATION, "0s", "Kept this long"),
					ParameterSpec.optional("batchSize", ParameterType.LONG, "100", "Rows per batch")));

	@TempDir
	Path jobs;

	@Test
	void a_manual_run_takes_the_files_parameters_with_the_operators_over_them() throws IOException {
		write(true);

		Map<String, String> parameters = catalog(this.jobs).manualParameters("cleanup", Map.of("batchSize", "7"));

		assertThat(parameters).containsOnly(entry("keep", "30d"), entry("batchSize", "7"));
	}

	@Test
	void a_disabled_schedule_lends_a_manual_run_nothing() throws IOException {
		write(false);

		assertThat(catalog(this.jobs).manualParameters("cleanup", Map.of("batchSize", "7")))
			.containsOnly(entry("batchSize", "7"));
	}

	@Test
	void without_a_file_or_a_jobs_directory_a_manual_run_has_only_the_operators_parameters() {
		assertThat(catalog(this.jobs).manualParameters("cleanup", Map.of())).isEmpty();
		assertThat(catalog(this.jobs.resolve("missing")).manualParameters("cleanup", Map.of("keep", "1d")))
			.containsOnly(entry("keep", "1d"));
	}

	@Test
	void the_schedules_in_force_are_the_ones_last_used_not_the_files_as_they_are_now() throws IOException {
		JobCatalog catalog = catalog(this.jobs);
		write(true);
		catalog.useSchedules(catalog.loadSchedules());
		Files.writeString(this.jobs.resolve("cleanup.yml"), "job: cleanup\ncron: 0 0 * * * ?\nstopAfter: 5m\n");

		assertThat(catalog.schedule("cleanup")).get()
			.satisfies((schedule) -> assertThat(schedule.stopAfter()).isEqualTo(Duration.ofMinutes(20)));
		String inForceElsewhere = catalog.loadSchedules().get(0).fingerprint();
		assertThat(catalog.schedule("cleanup", java.util.Optional.of(inForceElsewhere))).get()
			.as("a node told of a newer schedule reads its files again")
			.satisfies((schedule) -> assertThat(schedule.stopAfter()).isEqualTo(Duration.ofMinutes(5)));
	}

	@Test
	void a_one_off_schedule_applied_elsewhere_is_found_when_its_tick_fires_here() throws IOException {
		JobCatalog catalog = catalog(this.jobs);
		assertThat(catalog.schedule("cleanup")).isEmpty();
		Files.writeString(this.jobs.resolve("cleanup.yml"), "job: cleanup\ncron: 0 0 0 1 1 ? 2020\n");
		String applied = JobFileLoader.forSchedulesInForce(Map.of("cleanup", CLEANUP))
			.load(this.jobs)
			.get(0)
			.fingerprint();

		assertThat(catalog.schedule("cleanup", java.util.Optional.of(applied))).get()
			.satisfies((schedule) -> assertThat(schedule.fingerprint()).isEqualTo(applied));
	}

	private void write(boolean enabled) throws IOException {
		Files.writeString(this.jobs.resolve("cleanup.yml"), """
				job: cleanup
				cron: 0 0 * * * ?
				enabled: %s
				parameters:
				  keep: 30d
				  batchSize: 500
				stopAfter: 20m
				""".formatted(enabled));
	}

	private static JobCatalog catalog(Path directory) {
		Job job = new Job() {
			@Override
			public String getName() {
				return "cleanup";
			}

			@Override
			public void execute(JobExecution execution) {
				throw new UnsupportedOperationException();
			}
		};
		return new JobCatalog(List.of(CLEANUP), List.of(job), new SchedulingProperties(directory, Duration.ofSeconds(3),
				Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(25)));
	}

}
