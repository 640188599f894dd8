package com.lumiku.worker.scheduling;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Quartz keeps which schedule a job is, not its definition to re-parse. */
class ScheduleDataTest {

	private static final JobSchedule SCHEDULE = new JobSchedule("session-cleanup", "0 15 * * * ?", ZoneId.of("UTC"),
			true, Map.of("keepExpiredFor", "30d"), MisfirePolicy.FIRE_ONCE, 0, OverlapPolicy.SKIP,
			Duration.ofMinutes(20), "Delete expired sessions", Path.of("jobs/session-cleanup.yml"));

	@Test
	void the_quartz_job_data_names_the_schedule_and_holds_no_parameter_text() {
		var data = ScheduleData.of(SCHEDULE).toJobDataMap();

		assertThat(data.getKeys()).containsExactlyInAnyOrder("job", "source", "fingerprint");
		assertThat(data.getString("job")).isEqualTo("session-cleanup");
		assertThat(data.values()).noneMatch((value) -> String.valueOf(value).contains("30d"));
		assertThat(ScheduleData.from("session-cleanup", data).fingerprint()).contains(SCHEDULE.fingerprint());
	}

	@Test
	void the_fingerprint_changes_with_the_definition_not_with_the_file_or_description() {
		JobSchedule moved = new JobSchedule("session-cleanup", "0 15 * * * ?", ZoneId.of("UTC"), true,
				Map.of("keepExpiredFor", "30d"), MisfirePolicy.FIRE_ONCE, 0, OverlapPolicy.SKIP, Duration.ofMinutes(20),
				"Another description", Path.of("elsewhere/session-cleanup.yaml"));
		JobSchedule changed = new JobSchedule("session-cleanup", "0 15 * * * ?", ZoneId.of("UTC"), true,
				Map.of("keepExpiredFor", "7d"), MisfirePolicy.FIRE_ONCE, 0, OverlapPolicy.SKIP, Duration.ofMinutes(20),
				"Delete expired sessions", Path.of("jobs/session-cleanup.yml"));

		assertThat(moved.fingerprint()).isEqualTo(SCHEDULE.fingerprint());
		assertThat(changed.fingerprint()).isNotEqualTo(SCHEDULE.fingerprint());
	}

	@Test
	void a_job_stored_by_an_older_version_has_no_fingerprint() {
		var old = new org.quartz.JobDataMap(Map.of("cron", "0 15 * * * ?", "param.keepExpiredFor", "30d"));

		assertThat(ScheduleData.from("session-cleanup", old).fingerprint()).isEmpty();
	}

}
