package com.lumiku.worker.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The missed-schedule gauges in a running daemon, read from its Quartz store and job
 * repository: a job ticking every second and succeeding is on time, a daily job never run
 * is due at its first tick after its trigger was created plus stopAfter, a paused one is
 * never overdue, and a job without a schedule reports no due time.
 */
@SpringBootTest(properties = { "lumiku.mode=serve", "lumiku.test-jobs.enabled=true",
		"lumiku.scheduling.maintenance-interval=1h", "spring.main.web-application-type=none" })
class ScheduleGaugesTest extends WorkerIntegrationTest {

	private static final Path jobsDirectory = jobsDirectory();

	@DynamicPropertySource
	static void jobs(DynamicPropertyRegistry registry) {
		registry.add("lumiku.scheduling.jobs-directory", jobsDirectory::toString);
	}

	@Autowired
	MeterRegistry registry;

	@Autowired
	Scheduler scheduler;

	@Test
	void a_job_that_succeeds_every_second_is_due_within_its_tick_and_stop_after_and_never_overdue() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(gauge("lumiku_job_last_success_timestamp_seconds", "test-tick")).isPositive());
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			double lastSuccess = gauge("lumiku_job_last_success_timestamp_seconds", "test-tick");
			// the snapshot refreshes every 5 s: the due time follows a success of the
			// last 5 s
			assertThat(gauge("lumiku_job_next_expected_success_timestamp_seconds", "test-tick"))
				.isBetween(lastSuccess + 30, lastSuccess + 32);
		});
		assertThat(gauge("lumiku_job_schedule_overdue_seconds", "test-tick")).isZero();
		assertThat(gauge("lumiku_job_schedule_paused", "test-tick")).isZero();
	}

	@Test
	void a_daily_job_never_run_is_due_at_its_first_tick_after_its_trigger_was_created_plus_stop_after()
			throws Exception {
		Trigger trigger = this.scheduler.getTrigger(TriggerKey.triggerKey("test-slow", ScheduleSynchronizer.GROUP));
		Instant firstTick = trigger.getFireTimeAfter(trigger.getStartTime()).toInstant();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(gauge("lumiku_job_next_expected_success_timestamp_seconds", "test-slow"))
				.isCloseTo(firstTick.plus(Duration.ofMinutes(45)).getEpochSecond(), within(0.001)));
		assertThat(gauge("lumiku_job_schedule_overdue_seconds", "test-slow")).isZero();
	}

	@Test
	void a_paused_schedule_reports_paused_and_not_overdue_until_resumed() throws Exception {
		JobKey job = JobKey.jobKey("test-slow", ScheduleSynchronizer.GROUP);
		this.scheduler.pauseJob(job);
		try {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(gauge("lumiku_job_schedule_paused", "test-slow")).isEqualTo(1));
			assertThat(gauge("lumiku_job_schedule_overdue_seconds", "test-slow")).isZero();
		}
		finally {
			this.scheduler.resumeJob(job);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(gauge("lumiku_job_schedule_paused", "test-slow")).isZero());
	}

	@Test
	void a_job_without_a_schedule_has_no_due_time_and_is_not_overdue() {
		assertThat(gauge("lumiku_job_next_expected_success_timestamp_seconds", "session-cleanup")).isNaN();
		assertThat(gauge("lumiku_job_schedule_overdue_seconds", "session-cleanup")).isZero();
		assertThat(gauge("lumiku_job_schedule_paused", "session-cleanup")).isZero();
	}

	private double gauge(String name, String job) {
		return this.registry.get(name).tag("job_name", job).gauge().value();
	}

	private static Path jobsDirectory() {
		try {
			Path directory = Files.createTempDirectory("lumiku-jobs");
			Files.writeString(directory.resolve("test-tick.yml"), """
					job: test-tick
					cron: "*/1 * * * * ?"
					overlap: skip
					misfire: skip
					stopAfter: 30s
					""");
			Files.writeString(directory.resolve("test-slow.yml"), """
					job: test-slow
					cron: "0 0 3 * * ?"
					timeZone: Europe/Berlin
					stopAfter: 45m
					""");
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
