package com.lumiku.worker.observability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.MisfirePolicy;
import com.lumiku.worker.scheduling.OverlapPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The missed-schedule computation with fixed instants: hourly and daily crons, a job
 * never run, a changed schedule, a paused one, a run in progress, and the DST days of
 * Europe/Berlin (where Quartz itself skips or shifts ticks, and so must the due time).
 */
class ExpectedSuccessTest {

	private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

	private static final JobSchedule HOURLY = schedule("0 15 * * * ?", "UTC", Duration.ofMinutes(20));

	private static final JobSchedule DAILY = schedule("0 30 3 * * ?", "UTC", Duration.ofMinutes(30));

	@Test
	void an_hourly_job_is_due_at_its_next_tick_after_the_last_success_plus_stop_after() {
		ExpectedSuccess expected = ExpectedSuccess.of(HOURLY, at("2026-12-01T10:16:02Z"), LONG_AGO, false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-12-01T11:35:00Z"));
		assertThat(expected.dueByEpochSeconds()).isEqualTo(Instant.parse("2026-12-01T11:35:00Z").getEpochSecond());
		assertThat(expected.overdueSeconds(Instant.parse("2026-12-01T11:35:00Z"))).isZero();
		assertThat(expected.overdueSeconds(Instant.parse("2026-12-01T11:40:00Z"))).isEqualTo(300);
	}

	@Test
	void a_daily_job_is_on_time_twenty_hours_after_its_success_where_an_hourly_one_would_be_late() {
		ExpectedSuccess daily = ExpectedSuccess.of(DAILY, at("2026-12-01T03:31:00Z"), LONG_AGO, false);
		ExpectedSuccess hourly = ExpectedSuccess.of(HOURLY, at("2026-12-01T03:31:00Z"), LONG_AGO, false);
		Instant twentyHoursLater = Instant.parse("2026-12-01T23:31:00Z");

		assertThat(daily.dueBy()).contains(Instant.parse("2026-12-02T04:00:00Z"));
		assertThat(daily.overdueSeconds(twentyHoursLater)).isZero();
		assertThat(hourly.overdueSeconds(twentyHoursLater))
			.isEqualTo(Duration.between(Instant.parse("2026-12-01T04:35:00Z"), twentyHoursLater).toSeconds());
		assertThat(daily.overdueSeconds(Instant.parse("2026-12-02T04:10:00Z"))).isEqualTo(600);
	}

	@Test
	void a_job_never_run_is_due_after_the_first_tick_since_its_schedule_took_force() {
		ExpectedSuccess expected = ExpectedSuccess.of(HOURLY, Optional.empty(), Instant.parse("2026-12-01T10:20:00Z"),
				false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-12-01T11:35:00Z"));
		assertThat(expected.overdueSeconds(Instant.parse("2026-12-01T11:00:00Z"))).isZero();
	}

	@Test
	void a_schedule_put_in_force_after_the_last_success_counts_from_when_it_took_force() {
		// the job ran daily until yesterday; now it is hourly: not late for yesterday's
		// gap
		ExpectedSuccess expected = ExpectedSuccess.of(HOURLY, at("2026-11-30T03:31:00Z"),
				Instant.parse("2026-12-01T09:00:00Z"), false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-12-01T09:35:00Z"));
	}

	@Test
	void a_run_in_progress_is_on_time_until_its_ticks_stop_after_has_passed() {
		// the 11:15 tick's run started and is still going at 11:34
		ExpectedSuccess expected = ExpectedSuccess.of(HOURLY, at("2026-12-01T10:16:00Z"), LONG_AGO, false);

		assertThat(expected.overdueSeconds(Instant.parse("2026-12-01T11:34:59Z"))).isZero();
		assertThat(expected.overdueSeconds(Instant.parse("2026-12-01T11:36:00Z"))).isEqualTo(60);
	}

	@Test
	void a_paused_schedule_is_never_overdue_but_keeps_its_due_time() {
		ExpectedSuccess expected = ExpectedSuccess.of(HOURLY, at("2026-12-01T10:16:00Z"), LONG_AGO, true);

		assertThat(expected.paused()).isTrue();
		assertThat(expected.dueBy()).contains(Instant.parse("2026-12-01T11:35:00Z"));
		assertThat(expected.overdueSeconds(Instant.parse("2026-12-03T00:00:00Z"))).isZero();
	}

	@Test
	void a_one_off_cron_in_the_past_has_no_due_time_and_is_never_overdue() {
		JobSchedule once = schedule("0 0 12 1 6 ? 2026", "UTC", Duration.ofMinutes(5));

		ExpectedSuccess expected = ExpectedSuccess.of(once, at("2026-06-01T12:01:00Z"), LONG_AGO, false);

		assertThat(expected.dueBy()).isEmpty();
		assertThat(expected.dueByEpochSeconds()).isNaN();
		assertThat(expected.overdueSeconds(Instant.parse("2026-12-01T00:00:00Z"))).isZero();
	}

	@Test
	void an_hourly_job_in_berlin_is_due_an_hour_later_across_the_spring_forward_gap() {
		// 2026-03-29 02:00 CET becomes 03:00 CEST: 01:15 CET (00:15Z) is followed by
		// 03:15 CEST (01:15Z), one real hour later
		JobSchedule hourly = schedule("0 15 * * * ?", "Europe/Berlin", Duration.ofMinutes(20));

		ExpectedSuccess expected = ExpectedSuccess.of(hourly, at("2026-03-29T00:16:00Z"), LONG_AGO, false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-03-29T01:35:00Z"));
	}

	@Test
	void a_daily_job_in_berlin_is_due_twenty_three_hours_later_on_the_spring_forward_day() {
		JobSchedule daily = schedule("0 30 3 * * ?", "Europe/Berlin", Duration.ofMinutes(30));

		// 03:30 CET on the 28th (02:30Z), then 03:30 CEST on the 29th (01:30Z)
		ExpectedSuccess expected = ExpectedSuccess.of(daily, at("2026-03-28T02:31:00Z"), LONG_AGO, false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-03-29T02:00:00Z"));
	}

	@Test
	void a_daily_job_at_a_berlin_time_that_does_not_exist_that_day_is_due_the_day_after_as_quartz_fires_it() {
		// 02:30 does not exist on 2026-03-29; Quartz skips that day's tick, so expecting
		// it
		// would raise a false alarm
		JobSchedule daily = schedule("0 30 2 * * ?", "Europe/Berlin", Duration.ofMinutes(30));

		ExpectedSuccess expected = ExpectedSuccess.of(daily, at("2026-03-28T01:31:00Z"), LONG_AGO, false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-03-30T01:00:00Z"));
		assertThat(expected.overdueSeconds(Instant.parse("2026-03-29T12:00:00Z"))).isZero();
	}

	@Test
	void a_daily_job_at_a_berlin_time_that_happens_twice_in_autumn_is_due_after_its_later_occurrence() {
		// 2026-10-25 03:00 CEST becomes 02:00 CET: Quartz fires 02:30 once, in CET
		// (01:30Z)
		JobSchedule daily = schedule("0 30 2 * * ?", "Europe/Berlin", Duration.ofMinutes(30));

		ExpectedSuccess expected = ExpectedSuccess.of(daily, at("2026-10-24T00:31:00Z"), LONG_AGO, false);

		assertThat(expected.dueBy()).contains(Instant.parse("2026-10-25T02:00:00Z"));
	}

	private static Optional<Instant> at(String instant) {
		return Optional.of(Instant.parse(instant));
	}

	private static JobSchedule schedule(String cron, String zone, Duration stopAfter) {
		return new JobSchedule("test-job", cron, ZoneId.of(zone), true, Map.of(), MisfirePolicy.FIRE_ONCE, 1,
				OverlapPolicy.SKIP, stopAfter, "test", Path.of("jobs/test-job.yml"));
	}

}
