package com.lumiku.worker.scheduling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.fail;

/**
 * The {@code jobs/} schedule files: a valid file becomes its {@link JobSchedule}, and
 * each kind of bad file is reported as {@code file:line: what is wrong}, every problem of
 * every file at once.
 */
class JobFileLoaderTest {

	static final JobDescriptor SESSION_CLEANUP = new JobDescriptor("session-cleanup", "Delete expired sessions",
			List.of(ParameterSpec.optional("batchSize", ParameterType.LONG, "5000", "Sessions deleted per transaction")
				.between(1, 100_000),
					ParameterSpec.optional("olderThan", ParameterType.DURATION, "7d", "Age of the sessions deleted")
						.atLeast(Duration.ofHours(1)),
					ParameterSpec.optional("dryRun", ParameterType.BOOLEAN, "false", "Count only"),
					ParameterSpec.optional("zone", ParameterType.ZONE_ID, "UTC", "Zone of the report"),
					ParameterSpec.optional("since", ParameterType.DATE, "2026-01-01", "First day"),
					ParameterSpec.optional("label", ParameterType.STRING, "cleanup", "A label")));

	static final JobDescriptor DAILY_REPORT = new JobDescriptor("daily-report", "Report on a day",
			List.of(ParameterSpec.required("day", ParameterType.DATE, "The day to report on")));

	private final JobFileLoader loader = new JobFileLoader(
			Map.of(SESSION_CLEANUP.name(), SESSION_CLEANUP, DAILY_REPORT.name(), DAILY_REPORT));

	@TempDir
	Path dir;

	// ---- valid files

	@Test
	void a_complete_file_yields_its_schedule() throws IOException {
		Path file = write("session-cleanup.yml", "# every quarter hour", "job: session-cleanup",
				"description: Delete expired sessions in batches", "cron: \"0 */15 * * * ?\"", "timeZone: Asia/Jakarta",
				"enabled: false", "parameters:", "  batchSize: 200", "  olderThan: 36h", "  dryRun: true",
				"misfire: catch-up", "catchUpLimit: 3", "overlap: queue-one", "stopAfter: 90m");

		JobSchedule schedule = this.loader.loadFile(file);

		assertThat(schedule.jobName()).isEqualTo("session-cleanup");
		assertThat(schedule.description()).isEqualTo("Delete expired sessions in batches");
		assertThat(schedule.cron()).isEqualTo("0 */15 * * * ?");
		assertThat(schedule.timeZone()).isEqualTo(ZoneId.of("Asia/Jakarta"));
		assertThat(schedule.enabled()).isFalse();
		assertThat(schedule.parameters()).containsOnly(entry("batchSize", "200"), entry("olderThan", "36h"),
				entry("dryRun", "true"));
		assertThat(schedule.misfirePolicy()).isEqualTo(MisfirePolicy.CATCH_UP);
		assertThat(schedule.catchUpLimit()).isEqualTo(3);
		assertThat(schedule.overlapPolicy()).isEqualTo(OverlapPolicy.QUEUE_ONE);
		assertThat(schedule.stopAfter()).isEqualTo(Duration.ofMinutes(90));
		assertThat(schedule.source()).isEqualTo(file);
		assertThat(SESSION_CLEANUP.validate(schedule.parameters())).containsExactly(entry("batchSize", "200"),
				entry("olderThan", "36h"), entry("dryRun", "true"), entry("zone", "UTC"), entry("since", "2026-01-01"),
				entry("label", "cleanup"));
	}

	@Test
	void optional_keys_take_their_documented_defaults() throws IOException {
		Path file = write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?");

		JobSchedule schedule = this.loader.loadFile(file);

		assertThat(schedule.timeZone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(schedule.enabled()).isTrue();
		assertThat(schedule.parameters()).isEmpty();
		assertThat(schedule.misfirePolicy()).isEqualTo(MisfirePolicy.FIRE_ONCE);
		assertThat(schedule.catchUpLimit()).isZero();
		assertThat(schedule.overlapPolicy()).isEqualTo(OverlapPolicy.SKIP);
		assertThat(schedule.stopAfter()).isEqualTo(Duration.ofHours(1));
		assertThat(schedule.description()).isEmpty();
		assertThat(SESSION_CLEANUP.validate(schedule.parameters())).containsEntry("batchSize", "5000")
			.containsEntry("olderThan", "7d");
	}

	@Test
	void the_other_spellings_of_the_choices_are_accepted() throws IOException {
		Path file = write("session-cleanup.yaml", "job: session-cleanup", "cron: '0 0 3 ? * MON-FRI 2099'",
				"enabled: FALSE", "misfire: Skip", "overlap: SKIP", "stopAfter: PT45S", "parameters:", "description:");

		JobSchedule schedule = this.loader.loadFile(file);

		assertThat(schedule.enabled()).isFalse();
		assertThat(schedule.misfirePolicy()).isEqualTo(MisfirePolicy.SKIP);
		assertThat(schedule.overlapPolicy()).isEqualTo(OverlapPolicy.SKIP);
		assertThat(schedule.stopAfter()).isEqualTo(Duration.ofSeconds(45));
		assertThat(schedule.cron()).isEqualTo("0 0 3 ? * MON-FRI 2099");
	}

	@Test
	void a_directory_yields_its_schedules_sorted_by_file_and_ignores_files_that_are_not_yaml() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?");
		write("daily-report.yaml", "job: daily-report", "cron: 0 0 6 * * ?", "parameters:", "  day: 2026-03-01");
		write("README.md", "job: nonsense");
		write("session-cleanup.yml.bak", "not: yaml: at: all");
		write("notes.txt", "\tanything");
		Files.createDirectory(this.dir.resolve("archive.yml"));

		List<JobSchedule> schedules = this.loader.load(this.dir);

		assertThat(schedules).extracting(JobSchedule::jobName).containsExactly("daily-report", "session-cleanup");
	}

	@Test
	void an_empty_directory_yields_no_schedules() {
		assertThat(this.loader.load(this.dir)).isEmpty();
	}

	@Test
	void a_byte_order_mark_and_windows_line_ends_are_accepted() throws IOException {
		Path file = this.dir.resolve("session-cleanup.yml");
		Files.writeString(file, "\uFEFFjob: session-cleanup\r\ncron: 0 0 * * * ?\r\nenabled: false\r\n");

		assertThat(this.loader.loadFile(file).enabled()).isFalse();
	}

	// ---- bad files, one problem each

	@Test
	void a_missing_jobs_directory_is_reported() {
		Path missing = this.dir.resolve("nowhere");

		List<JobFileProblem> problems = problemsLoading(missing);

		assertThat(problems).singleElement().satisfies((problem) -> {
			assertThat(problem.file()).isEqualTo(missing.toAbsolutePath());
			assertThat(problem.line()).isZero();
			assertThat(problem.toString())
				.isEqualTo(missing.toAbsolutePath() + ": the jobs directory does not exist (set LUMIKU_JOBS_DIR)");
		});
	}

	@Test
	void an_unknown_job_is_reported_with_the_nearest_known_name() throws IOException {
		write("sesion-cleanup.yml", "cron: 0 0 * * * ?", "job: sesion-cleanup");

		assertOnlyProblem("sesion-cleanup.yml", 2,
				"unknown job 'sesion-cleanup'; did you mean 'session-cleanup'? known jobs: daily-report, session-cleanup");
	}

	@Test
	void an_unknown_job_far_from_any_name_lists_the_known_jobs() throws IOException {
		write("invoices.yml", "job: invoices", "cron: 0 0 * * * ?");

		assertOnlyProblem("invoices.yml", 1, "unknown job 'invoices'; known jobs: daily-report, session-cleanup");
	}

	@Test
	void a_missing_job_key_is_reported() throws IOException {
		write("session-cleanup.yml", "cron: 0 0 * * * ?");

		assertOnlyProblem("session-cleanup.yml", 1, "missing required key 'job'");
	}

	@Test
	void a_job_without_a_value_is_reported() throws IOException {
		write("session-cleanup.yml", "cron: 0 0 * * * ?", "job:");

		assertOnlyProblem("session-cleanup.yml", 2, "job has no value");
	}

	@Test
	void a_file_named_after_another_job_is_reported() throws IOException {
		write("cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?");

		assertOnlyProblem("cleanup.yml", 1,
				"the file of job 'session-cleanup' must be named session-cleanup.yml (or .yaml), not cleanup.yml");
	}

	@Test
	void two_files_for_the_same_job_are_reported() throws IOException {
		write("session-cleanup.yaml", "job: session-cleanup", "cron: 0 0 * * * ?");
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 30 * * * ?");

		assertOnlyProblem("session-cleanup.yml", 1,
				"job 'session-cleanup' is already scheduled by session-cleanup.yaml; keep one file per job");
	}

	@Test
	void a_missing_cron_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup");

		assertOnlyProblem("session-cleanup.yml", 1, "missing required key 'cron'");
	}

	@Test
	void an_invalid_cron_is_reported_with_the_quartz_reason() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "", "cron: \"0 61 * * * ?\"");

		JobFileProblem problem = onlyProblem();

		assertProblem(problem, "session-cleanup.yml", 3, "invalid cron '0 61 * * * ?': ");
		assertThat(problem.message()).contains("Minute and Second values must be between 0 and 59");
	}

	@Test
	void a_cron_without_seconds_is_reported_with_an_example() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: \"*/15 * * * *\"");

		assertOnlyProblem("session-cleanup.yml", 2,
				"cron '*/15 * * * *' has 5 fields; Quartz cron needs 6 or 7 with seconds first, e.g. '0 */15 * * * ?'");
	}

	@Test
	void a_cron_giving_both_day_fields_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 0 * * *");

		JobFileProblem problem = onlyProblem();

		assertProblem(problem, "session-cleanup.yml", 2, "invalid cron '0 0 0 * * *': ");
		assertThat(problem.message()).contains("day-of-week AND a day-of-month");
	}

	@Test
	void a_cron_that_never_fires_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 0 30 2 ?");

		assertOnlyProblem("session-cleanup.yml", 2, "cron '0 0 0 30 2 ?' never fires: no future time matches it");
	}

	@Test
	void a_cron_whose_years_are_past_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 0 1 1 ? 2020");

		assertOnlyProblem("session-cleanup.yml", 2, "cron '0 0 0 1 1 ? 2020' never fires: no future time matches it");
	}

	@Test
	void a_cron_whose_only_time_has_come_is_read_without_a_problem_once_applied() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 0 1 1 ? 2020");

		assertThat(JobFileLoader.forSchedulesInForce(Map.of("session-cleanup", SESSION_CLEANUP)).load(this.dir))
			.as("a one-off tick, firing now, re-read by the process it fires on")
			.singleElement()
			.satisfies((schedule) -> assertThat(schedule.cron()).isEqualTo("0 0 0 1 1 ? 2020"));
	}

	@Test
	void an_unknown_key_near_a_known_one_is_reported_with_a_suggestion() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "timezone: UTC");

		assertOnlyProblem("session-cleanup.yml", 3, "unknown key 'timezone'; did you mean 'timeZone'?");
	}

	@Test
	void an_unknown_key_far_from_any_known_one_lists_the_allowed_keys() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "schedule: daily");

		assertOnlyProblem("session-cleanup.yml", 3, "unknown key 'schedule'; allowed keys: job, description, cron, "
				+ "timeZone, enabled, parameters, misfire, catchUpLimit, overlap, stopAfter");
	}

	@Test
	void the_old_max_run_time_schedule_key_is_reported_with_its_new_name() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "maxRunTime: 20m");

		assertOnlyProblem("session-cleanup.yml", 3,
				"unknown key 'maxRunTime'; did you mean 'stopAfter'? (renamed: a run longer than stopAfter is asked"
						+ " to stop; a bulk job's own maxRunTime, after which its step completes with rows left,"
						+ " goes under parameters:)");
	}

	@Test
	void a_parameter_under_its_old_name_is_reported_on_its_line_with_the_new_name() throws IOException {
		JobFileLoader loader = new JobFileLoader(Map
			.of("quota-reset",
					new JobDescriptor("quota-reset", "Quota", List.of(ParameterSpec
						.optional("periodTimeZone", ParameterType.ZONE_ID, "UTC", "Zone whose midnight starts a period")
						.renamedFrom("timeZone")))));
		write("quota-reset.yml", "job: quota-reset", "cron: 0 0 0 * * ?", "timeZone: UTC", "parameters:",
				"  timeZone: Asia/Jakarta");

		assertThat(invalidFiles(loader, this.dir).problems()).extracting(JobFileProblem::toString)
			.containsExactly(this.dir.resolve("quota-reset.yml") + ":5: unknown parameter 'timeZone'; did you mean"
					+ " 'periodTimeZone'? (renamed: Zone whose midnight starts a period)");
	}

	@Test
	void an_enabled_flag_that_is_not_a_boolean_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "enabled: maybe");

		assertOnlyProblem("session-cleanup.yml", 3, "enabled must be true or false, got 'maybe'");
	}

	@Test
	void a_key_given_a_list_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron:", "  - 0 0 * * * ?", "  - 0 30 * * * ?");

		assertOnlyProblem("session-cleanup.yml", 3, "cron must be a single value, not a list or mapping");
	}

	@Test
	void a_description_given_a_mapping_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "description: {a: b}");

		assertOnlyProblem("session-cleanup.yml", 3, "description must be a single value, not a list or mapping");
	}

	@Test
	void a_stop_after_that_is_not_a_duration_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "stopAfter: soon");

		assertOnlyProblem("session-cleanup.yml", 3,
				"stopAfter: expected a duration such as 30s, 15m, 24h, 30d or PT1H, got 'soon'");
	}

	@Test
	void a_stop_after_without_a_unit_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "stopAfter: 30");

		assertOnlyProblem("session-cleanup.yml", 3,
				"stopAfter: expected a duration such as 30s, 15m, 24h, 30d or PT1H, got '30'");
	}

	@Test
	void a_zero_stop_after_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "stopAfter: 0s");

		assertOnlyProblem("session-cleanup.yml", 3, "stopAfter must be more than zero, got '0s'");
	}

	@Test
	void a_stop_after_too_large_for_a_duration_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "stopAfter: 99999999999999999999d");

		assertOnlyProblem("session-cleanup.yml", 3, "stopAfter: the duration '99999999999999999999d' is too large");
	}

	@Test
	void a_stop_after_over_a_year_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "stopAfter: 366d");

		assertOnlyProblem("session-cleanup.yml", 3, "stopAfter must be at most 365d, got '366d'");
	}

	@Test
	void an_unknown_time_zone_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "timeZone: Mars/Olympus");

		assertOnlyProblem("session-cleanup.yml", 3,
				"unknown time zone 'Mars/Olympus'; use an id such as UTC or Asia/Jakarta");
	}

	@Test
	void an_unknown_misfire_policy_is_reported_once_even_with_a_catch_up_limit() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "misfire: catchup",
				"catchUpLimit: 3");

		assertOnlyProblem("session-cleanup.yml", 3,
				"misfire must be one of catch-up, fire-once, skip; got 'catchup'; did you mean 'catch-up'?");
	}

	@Test
	void a_catch_up_without_its_limit_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "misfire: catch-up");

		assertOnlyProblem("session-cleanup.yml", 3, "misfire: catch-up needs catchUpLimit (1 to 100)");
	}

	@ParameterizedTest
	@CsvSource({ "-1", "0", "101", "three", "2.5" })
	void a_catch_up_limit_outside_1_to_100_is_reported(String limit) throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "misfire: catch-up",
				"catchUpLimit: " + limit);

		assertOnlyProblem("session-cleanup.yml", 4,
				"catchUpLimit must be a whole number from 1 to 100, got '" + limit + "'");
	}

	@Test
	void a_catch_up_limit_given_a_list_is_reported_once() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "misfire: catch-up",
				"catchUpLimit: [3]");

		assertOnlyProblem("session-cleanup.yml", 4, "catchUpLimit must be a single value, not a list or mapping");
	}

	@Test
	void a_catch_up_limit_without_catch_up_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "misfire: skip", "catchUpLimit: 3");

		assertOnlyProblem("session-cleanup.yml", 4, "catchUpLimit only applies to misfire: catch-up");
	}

	@Test
	void an_unknown_overlap_policy_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "overlap: queue");

		assertOnlyProblem("session-cleanup.yml", 3,
				"overlap must be one of queue-one, skip; got 'queue'; did you mean 'queue-one'?");
	}

	@Test
	void a_parameter_the_job_does_not_declare_is_reported_on_its_line() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "parameters:", "  batchSize: 10",
				"  batch_size: 10");

		assertOnlyProblem("session-cleanup.yml", 5, "unknown parameter 'batch_size'; did you mean 'batchSize'? "
				+ "known: batchSize, olderThan, dryRun, zone, since, label");
	}

	@Test
	void a_parameter_of_a_job_without_parameters_is_reported() throws IOException {
		JobDescriptor plain = new JobDescriptor("vacuum", "Vacuum", List.of());
		write("vacuum.yml", "job: vacuum", "cron: 0 0 * * * ?", "parameters:", "  full: true");

		List<JobFileProblem> problems = problemsLoading(new JobFileLoader(Map.of("vacuum", plain)), this.dir);

		assertThat(problems).singleElement()
			.satisfies((problem) -> assertProblem(problem, "vacuum.yml", 4,
					"unknown parameter 'full'; this job takes no parameters"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					batchSize | lots        | parameter 'batchSize': expected a whole number, got 'lots'
					batchSize | 12.5        | parameter 'batchSize': expected a whole number, got '12.5'
					olderThan | a week      | parameter 'olderThan': expected a duration such as 30s, 15m, 24h, 30d or PT1H, got 'a week'
					dryRun    | yes         | parameter 'dryRun': expected true or false, got 'yes'
					zone      | Jakarta     | parameter 'zone': expected a time zone such as UTC or Asia/Jakarta, got 'Jakarta'
					since     | 2026-02-30  | parameter 'since': expected a date such as 2026-01-31, got '2026-02-30'
					batchSize | 0           | parameter 'batchSize': must be from 1 to 100000, got 0
					batchSize | 1000000     | parameter 'batchSize': must be from 1 to 100000, got 1000000
					olderThan | 30m         | parameter 'olderThan': must be at least 1h, got 30m
					""")
	void a_parameter_of_the_wrong_type_or_out_of_range_is_reported_with_what_is_expected(String name, String value,
			String message) throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "parameters:", "  label: x",
				"  " + name + ": " + value);

		assertOnlyProblem("session-cleanup.yml", 5, message);
	}

	static final JobDescriptor REFRESH = new JobDescriptor("refresh", "Refresh views",
			List.of(ParameterSpec.oneOf("mode", List.of("incremental", "concurrent", "both", "full"), "both", "How"),
					ParameterSpec.someOf("views", List.of("daily_usage", "revenue_daily"), "all", "Which")));

	@Test
	void a_word_outside_a_choice_is_reported_at_load_on_its_line_with_the_nearest_word_and_the_allowed_ones()
			throws IOException {
		write("refresh.yml", "job: refresh", "cron: 0 0 * * * ?", "parameters:", "  views: all", "  mode: fulll");

		List<JobFileProblem> problems = problemsLoading(new JobFileLoader(Map.of("refresh", REFRESH)), this.dir);

		assertThat(problems).singleElement()
			.satisfies((problem) -> assertProblem(problem, "refresh.yml", 5,
					"parameter 'mode': unknown value 'fulll'; did you mean 'full'?"
							+ " expected one of: incremental, concurrent, both, full"));
	}

	@Test
	void a_word_outside_a_list_of_choices_is_reported_at_load_with_the_allowed_words() throws IOException {
		write("refresh.yml", "job: refresh", "cron: 0 0 * * * ?", "parameters:", "  mode: full",
				"  views: daily_usage, weekly_usage");

		List<JobFileProblem> problems = problemsLoading(new JobFileLoader(Map.of("refresh", REFRESH)), this.dir);

		assertThat(problems).singleElement()
			.satisfies((problem) -> assertProblem(problem, "refresh.yml", 5,
					"parameter 'views': unknown value 'weekly_usage'; expected all, or some of:"
							+ " daily_usage, revenue_daily (separated by commas)"));
	}

	@Test
	void words_of_a_choice_in_any_case_load_as_written() throws IOException {
		Path file = write("refresh.yml", "job: refresh", "cron: 0 0 * * * ?", "parameters:", "  mode: Full",
				"  views: revenue_daily,DAILY_USAGE");

		JobSchedule schedule = new JobFileLoader(Map.of("refresh", REFRESH)).loadFile(file);

		assertThat(schedule.parameters()).containsOnly(entry("mode", "Full"),
				entry("views", "revenue_daily,DAILY_USAGE"));
		assertThat(REFRESH.bind(schedule.parameters()).choices("views")).containsExactly("daily_usage",
				"revenue_daily");
	}

	@Test
	void a_bad_parameter_is_reported_on_its_own_line_even_when_its_value_names_another_parameter() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "parameters:", "  olderThan: 30d",
				"  batchSize: olderThan");

		assertOnlyProblem("session-cleanup.yml", 5, "parameter 'batchSize': expected a whole number, got 'olderThan'");
	}

	@Test
	void a_missing_required_parameter_is_reported_on_the_parameters_line() throws IOException {
		write("daily-report.yml", "job: daily-report", "cron: 0 0 6 * * ?", "parameters:", "  # day: 2026-01-31");

		assertOnlyProblem("daily-report.yml", 3, "missing required parameter 'day' (The day to report on)");
	}

	@Test
	void a_missing_required_parameter_without_parameters_is_reported_on_the_job_line() throws IOException {
		write("daily-report.yml", "# the daily report", "job: daily-report", "cron: 0 0 6 * * ?");

		assertOnlyProblem("daily-report.yml", 2, "missing required parameter 'day' (The day to report on)");
	}

	@Test
	void parameters_that_are_not_a_mapping_are_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "parameters: batchSize=10");

		assertOnlyProblem("session-cleanup.yml", 3, "parameters must be a mapping of name: value");
	}

	@Test
	void a_parameter_given_a_list_is_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "parameters:", "  batchSize: [1, 2]");

		assertOnlyProblem("session-cleanup.yml", 4, "parameter 'batchSize' must be a single value");
	}

	@Test
	void a_duplicate_key_is_reported_with_the_line_of_the_first() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "enabled: true",
				"cron: 0 30 * * * ?");

		assertOnlyProblem("session-cleanup.yml", 4, "duplicate key 'cron' (first at line 2)");
	}

	@Test
	void a_duplicate_parameter_is_reported_with_the_line_of_the_first() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "parameters:", "  batchSize: 10",
				"  dryRun: true", "  batchSize: 20");

		assertOnlyProblem("session-cleanup.yml", 6, "duplicate parameter 'batchSize' (first at line 4)");
	}

	@Test
	void an_empty_file_is_reported() throws IOException {
		write("session-cleanup.yml");

		assertOnlyProblem("session-cleanup.yml", 1, "the file is empty; expected keys such as job: and cron:");
	}

	@Test
	void a_file_of_comments_only_is_reported_as_empty() throws IOException {
		write("session-cleanup.yml", "# job: session-cleanup", "# cron: 0 0 * * * ?");

		assertOnlyProblem("session-cleanup.yml", 1, "the file is empty; expected keys such as job: and cron:");
	}

	@Test
	void a_yaml_syntax_error_is_reported_on_its_line() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "\tenabled: true");

		JobFileProblem problem = onlyProblem();

		assertProblem(problem, "session-cleanup.yml", 3, "not valid YAML: ");
		assertThat(problem.message()).contains("TAB");
	}

	@Test
	void an_unclosed_quote_is_reported_as_a_yaml_error_with_a_line() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: \"0 0 * * * ?", "enabled: true");

		JobFileProblem problem = onlyProblem();

		assertThat(problem.message()).startsWith("not valid YAML: ");
		assertThat(problem.line()).isBetween(2, 4);
	}

	@Test
	void a_top_level_list_is_reported() throws IOException {
		write("session-cleanup.yml", "", "- job: session-cleanup", "- cron: 0 0 * * * ?");

		assertOnlyProblem("session-cleanup.yml", 2, "expected a mapping of keys (job:, cron:, ...) at the top level");
	}

	@Test
	void two_documents_in_one_file_are_reported() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "---", "job: session-cleanup");

		JobFileProblem problem = onlyProblem();

		assertProblem(problem, "session-cleanup.yml", 3, "not valid YAML: ");
		assertThat(problem.message())
			.isEqualTo("not valid YAML: expected a single document in the stream, but found another document");
	}

	@Test
	void a_file_that_is_not_utf_8_is_reported() throws IOException {
		Files.write(this.dir.resolve("session-cleanup.yml"),
				"job: session-cleanup\ncron: 0 0 * * * ?\ndescription: Sitzungen l\u00f6schen\n"
					.getBytes(StandardCharsets.ISO_8859_1));

		assertOnlyProblem("session-cleanup.yml", 0, "cannot read: the file is not UTF-8 text; save it as UTF-8");
	}

	// ---- several problems

	@Test
	void every_problem_of_one_file_is_reported_in_line_order() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * *", "timeZone: Nowhere", "enabled: maybe",
				"misfire: never", "overlap: sometimes", "stopAfter: soon", "parameters:", "  batchSize: lots",
				"colour: red");

		List<JobFileProblem> problems = problemsLoading(this.dir);

		assertThat(problems).extracting(JobFileProblem::line).containsExactly(2, 3, 4, 5, 6, 7, 9, 10);
		assertThat(problems)
			.allSatisfy((problem) -> assertThat(problem.file()).isEqualTo(this.dir.resolve("session-cleanup.yml")));
	}

	@Test
	void every_problem_of_every_file_is_reported_at_once() throws IOException {
		write("daily-report.yml", "job: daily-report", "cron: 0 0 6 * * ?", "parameters:", "  day: tomorrow");
		write("empty.yml");
		write("invoices.yaml", "job: invoices", "cron: 0 0 * * * ?");
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?", "enabled: maybe", "overlap: never");
		write("valid.txt", "ignored");

		InvalidJobFilesException thrown = invalidFiles(this.loader, this.dir);

		List<String> expected = List.of(
				this.dir.resolve("daily-report.yml")
						+ ":4: parameter 'day': expected a date such as 2026-01-31, got 'tomorrow'",
				this.dir.resolve("empty.yml") + ":1: the file is empty; expected keys such as job: and cron:",
				this.dir.resolve("invoices.yaml")
						+ ":1: unknown job 'invoices'; known jobs: daily-report, session-cleanup",
				this.dir.resolve("session-cleanup.yml") + ":3: enabled must be true or false, got 'maybe'",
				this.dir.resolve("session-cleanup.yml") + ":4: overlap must be one of queue-one, skip; got 'never'");
		assertThat(thrown.problems()).extracting(JobFileProblem::toString).containsExactlyElementsOf(expected);
		assertThat(thrown.getMessage()).isEqualTo("Invalid schedule files:\n" + String.join("\n", expected));
	}

	@Test
	void a_valid_file_among_invalid_ones_still_fails_the_whole_load() throws IOException {
		write("session-cleanup.yml", "job: session-cleanup", "cron: 0 0 * * * ?");
		write("daily-report.yml", "job: daily-report", "cron: 0 0 6 * * ?");

		assertThat(problemsLoading(this.dir)).extracting(JobFileProblem::toString)
			.containsExactly(this.dir.resolve("daily-report.yml")
					+ ":1: missing required parameter 'day' (The day to report on)");
	}

	@Test
	void a_problem_without_a_line_is_printed_without_one() {
		assertThat(new JobFileProblem(Path.of("jobs", "a.yml"), 0, "cannot read"))
			.hasToString(Path.of("jobs", "a.yml") + ": cannot read");
		assertThat(new JobFileProblem(Path.of("jobs", "a.yml"), 7, "bad"))
			.hasToString(Path.of("jobs", "a.yml") + ":7: bad");
	}

	// ---- helpers

	private Path write(String fileName, String... lines) throws IOException {
		String text = (lines.length == 0) ? "" : String.join("\n", lines) + "\n";
		return Files.writeString(this.dir.resolve(fileName), text);
	}

	private void assertOnlyProblem(String fileName, int line, String message) {
		JobFileProblem problem = onlyProblem();
		assertProblem(problem, fileName, line, message);
		assertThat(problem.message()).isEqualTo(message);
	}

	private JobFileProblem onlyProblem() {
		List<JobFileProblem> problems = problemsLoading(this.dir);
		assertThat(problems).as("problems").hasSize(1);
		return problems.get(0);
	}

	private void assertProblem(JobFileProblem problem, String fileName, int line, String messageStart) {
		Path file = this.dir.resolve(fileName);
		assertThat(problem.file()).isEqualTo(file);
		assertThat(problem.line()).as("line of " + problem).isEqualTo(line);
		assertThat(problem.message()).startsWith(messageStart);
		assertThat(problem.toString()).isEqualTo(file + ((line > 0) ? ":" + line : "") + ": " + problem.message());
	}

	private List<JobFileProblem> problemsLoading(Path directory) {
		return problemsLoading(this.loader, directory);
	}

	private static List<JobFileProblem> problemsLoading(JobFileLoader loader, Path directory) {
		return invalidFiles(loader, directory).problems();
	}

	private static InvalidJobFilesException invalidFiles(JobFileLoader loader, Path directory) {
		try {
			List<JobSchedule> schedules = loader.load(directory);
			return fail("expected invalid schedule files, but loaded " + schedules);
		}
		catch (InvalidJobFilesException ex) {
			return ex;
		}
	}

}
