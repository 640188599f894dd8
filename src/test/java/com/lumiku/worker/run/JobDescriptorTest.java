package com.lumiku.worker.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** A job's declared parameters validate the parameters of a run. */
class JobDescriptorTest {

	private static final JobDescriptor PRUNE = new JobDescriptor("prune", "Prune",
			List.of(ParameterSpec.optional("retention", ParameterType.DURATION, "30d", "Age of what is deleted"),
					ParameterSpec.optional("batchSize", ParameterType.LONG, "500", "Rows per transaction"),
					ParameterSpec.required("table", ParameterType.STRING, "The table to prune")));

	@Test
	void defaults_complete_the_given_parameters_as_written_in_declared_order() {
		Map<String, String> values = PRUNE.validate(Map.of("table", "events", "batchSize", "50", "retention", "180d"));

		assertThat(values).containsExactly(entry("retention", "180d"), entry("batchSize", "50"),
				entry("table", "events"));
		assertThat(PRUNE.validate(Map.of("table", "events"))).as("a default as declared")
			.containsEntry("retention", "30d");
	}

	@Test
	void a_run_binds_its_parameters_by_their_declared_types_with_the_defaults() {
		ParameterValues values = PRUNE.bind(Map.of("retention", "180d", "runKey", "k"));

		assertThat(values.duration("retention")).isEqualTo(Duration.ofDays(180));
		assertThat(values.integer("batchSize")).isEqualTo(500);
		assertThatIllegalArgumentException().isThrownBy(() -> values.duration("batchSize"))
			.withMessageContaining("declared LONG");
		assertThatIllegalArgumentException().isThrownBy(() -> values.duration("olderThan"))
			.withMessageContaining("declares no parameter 'olderThan'");
	}

	@Test
	void as_the_jobs_validator_it_refuses_bad_job_parameters_and_ignores_the_run_key_and_origin() throws Exception {
		PRUNE.validate(new JobParametersBuilder().addString("runKey", "k")
			.addString("origin", "manual")
			.addString("table", "t")
			.addString("retention", "180d")
			.toJobParameters());

		assertThatThrownBy(() -> PRUNE.validate(new JobParametersBuilder().addString("runKey", "k")
			.addString("retention", "forever")
			.toJobParameters()))
			.isInstanceOf(org.springframework.batch.core.job.parameters.InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'retention': expected a duration")
			.hasMessageContaining("missing required parameter 'table'");
	}

	@Test
	void a_renamed_parameter_given_by_its_old_name_is_told_the_new_name_and_still_binds() {
		JobDescriptor renamed = new JobDescriptor("quota", "Quota",
				List.of(ParameterSpec.optional("periodTimeZone", ParameterType.ZONE_ID, "UTC", "Zone of the periods")
					.renamedFrom("timeZone")));

		assertThatThrownBy(() -> renamed.validate(Map.of("timeZone", "Asia/Jakarta")))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining(
					"unknown parameter 'timeZone'; did you mean 'periodTimeZone'? (renamed: Zone of the periods)");
		assertThat(renamed.bind(Map.of("timeZone", "Asia/Jakarta")).zone("periodTimeZone"))
			.as("a run from before the rename restarts with its value")
			.isEqualTo(java.time.ZoneId.of("Asia/Jakarta"));
	}

	@Test
	void an_unknown_parameter_is_named_with_the_nearest_declared_one() {
		assertThatThrownBy(() -> PRUNE.validate(Map.of("table", "t", "batchsize", "5")))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Invalid parameters for job 'prune': unknown parameter 'batchsize'; "
					+ "did you mean 'batchSize'? known: retention, batchSize, table");
	}

	@Test
	void an_unknown_parameter_far_from_any_declared_one_lists_them() {
		assertThatThrownBy(() -> PRUNE.validate(Map.of("table", "t", "colour", "red")))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Invalid parameters for job 'prune': unknown parameter 'colour'; "
					+ "known: retention, batchSize, table");
	}

	@Test
	void a_job_without_parameters_says_so() {
		JobDescriptor plain = new JobDescriptor("plain", "Plain", List.of());

		assertThat(plain.validate(Map.of())).isEmpty();
		assertThatThrownBy(() -> plain.validate(Map.of("x", "1"))).isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Invalid parameters for job 'plain': unknown parameter 'x'; this job takes no parameters");
	}

	@Test
	void a_missing_required_parameter_is_named_with_its_meaning() {
		assertThatThrownBy(() -> PRUNE.validate(Map.of())).isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Invalid parameters for job 'prune': missing required parameter 'table' (The table to prune)");
	}

	@Test
	void a_parameter_of_the_wrong_type_is_named_with_the_expected_type() {
		assertThatThrownBy(() -> PRUNE.validate(Map.of("table", "t", "retention", "forever")))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Invalid parameters for job 'prune': parameter 'retention': "
					+ "expected a duration such as 30s, 15m, 24h, 30d or PT1H, got 'forever'");
	}

	@Test
	void every_problem_is_listed_at_once() {
		InvalidJobParametersException thrown = (InvalidJobParametersException) org.assertj.core.api.Assertions
			.catchThrowable(() -> PRUNE.validate(Map.of("zzz", "1", "aaa", "2", "batchSize", "many")));

		assertThat(thrown.problems()).containsExactly("unknown parameter 'aaa'; known: retention, batchSize, table",
				"unknown parameter 'zzz'; known: retention, batchSize, table",
				"parameter 'batchSize': expected a whole number, got 'many'",
				"missing required parameter 'table' (The table to prune)");
	}

	@Test
	void a_declared_default_of_the_wrong_type_is_refused_when_declared() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.optional("batchSize", ParameterType.LONG, "lots", "Rows"))
			.withMessage("expected a whole number, got 'lots'");
	}

	@Test
	void a_value_out_of_its_declared_range_is_refused_with_the_range() {
		JobDescriptor bounded = new JobDescriptor("bounded", "Bounded",
				List.of(ParameterSpec.optional("batchSize", ParameterType.LONG, "500", "Rows").between(1, 1000),
						ParameterSpec.optional("expireAfter", ParameterType.DURATION, "24h", "Age")
							.atLeast(Duration.ofHours(1))));

		assertThat(bounded.validate(Map.of("batchSize", "1000", "expireAfter", "1h")))
			.containsExactly(entry("batchSize", "1000"), entry("expireAfter", "1h"));
		InvalidJobParametersException thrown = (InvalidJobParametersException) org.assertj.core.api.Assertions
			.catchThrowable(() -> bounded.validate(Map.of("batchSize", "0", "expireAfter", "90s")));
		assertThat(thrown.problems()).containsExactly("parameter 'batchSize': must be from 1 to 1000, got 0",
				"parameter 'expireAfter': must be at least 1h, got 90s");
	}

	@Test
	void a_declared_default_out_of_its_range_is_refused_when_declared() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.optional("batchSize", ParameterType.LONG, "0", "Rows").between(1, 10))
			.withMessage("default of 'batchSize': must be from 1 to 10, got 0");
	}

	@Test
	void a_range_on_a_parameter_that_has_no_order_is_refused_when_declared() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.optional("label", ParameterType.STRING, "x", "A label").between(1, 10))
			.withMessage("bounds of 1..10 do not fit STRING");
	}

	private static final JobDescriptor REFRESH = new JobDescriptor("refresh", "Refresh",
			List.of(ParameterSpec.oneOf("mode", List.of("incremental", "concurrent", "both", "full"), "both", "How"),
					ParameterSpec.someOf("views", List.of("daily_usage", "revenue_daily"), "all", "Which")));

	@Test
	void words_of_a_fixed_set_are_validated_as_written_and_bound_as_declared() {
		assertThat(REFRESH.validate(Map.of("mode", "Full", "views", "revenue_daily, daily_usage")))
			.containsExactly(entry("mode", "Full"), entry("views", "revenue_daily, daily_usage"));

		ParameterValues values = REFRESH.bind(Map.of("mode", "Full", "views", "revenue_daily, daily_usage"));
		assertThat(values.choice("mode")).isEqualTo("full");
		assertThat(values.choices("views")).containsExactly("daily_usage", "revenue_daily");
		ParameterValues defaults = REFRESH.bind(Map.of());
		assertThat(defaults.choice("mode")).isEqualTo("both");
		assertThat(defaults.choices("views")).containsExactly("daily_usage", "revenue_daily");
		assertThatIllegalArgumentException().isThrownBy(() -> values.text("mode"))
			.withMessageContaining("declared CHOICE");
	}

	@Test
	void a_word_outside_its_set_is_one_problem_naming_the_parameter_the_nearest_word_and_the_allowed_ones() {
		InvalidJobParametersException thrown = (InvalidJobParametersException) org.assertj.core.api.Assertions
			.catchThrowable(() -> REFRESH.validate(Map.of("mode", "fulll", "views", "daily,revenue_daily")));

		assertThat(thrown.problems()).containsExactly(
				"parameter 'mode': unknown value 'fulll'; did you mean 'full'? expected one of: incremental,"
						+ " concurrent, both, full",
				"parameter 'views': unknown value 'daily'; did you mean 'daily_usage'? expected all, or some of:"
						+ " daily_usage, revenue_daily (separated by commas)");
		assertThat(thrown).hasMessageStartingWith("Invalid parameters for job 'refresh': parameter 'mode'");
	}

	@Test
	void as_the_jobs_validator_it_refuses_a_word_outside_its_set() {
		assertThatThrownBy(() -> REFRESH.validate(
				new JobParametersBuilder().addString("runKey", "k").addString("mode", "sometimes").toJobParameters()))
			.isInstanceOf(org.springframework.batch.core.job.parameters.InvalidJobParametersException.class)
			.hasMessageContaining("parameter 'mode': unknown value 'sometimes'; expected one of: incremental");
	}

	@Test
	void a_choice_declared_wrongly_is_refused_when_declared() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.oneOf("mode", List.of("incremental", "full"), "fast", "How"))
			.withMessage("default of 'mode': unknown value 'fast'; expected one of: incremental, full");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.optional("mode", ParameterType.CHOICE, "full", "How"))
			.withMessage("parameter 'mode' is CHOICE: declare its words with ParameterSpec.oneOf or someOf");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.someOf("views", List.of("all", "daily_usage"), "all", "Which"))
			.withMessage("'all' already means every word of a list of choices");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.oneOf("mode", List.of("Full", "fast"), "fast", "How"))
			.withMessageContaining("'Full' is not a lower-case word");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterSpec.oneOf("mode", List.of("full", "full"), "full", "How"))
			.withMessageContaining("repeat");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ParameterSpec("size", ParameterType.LONG, false, java.util.Optional.of("1"), "Size",
					java.util.Optional.empty(), java.util.Optional.empty(),
					java.util.Optional.of(new ParameterChoices(List.of("1", "2")))))
			.withMessage("the words [1, 2] do not fit LONG");
	}

}
