package com.lumiku.worker.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
	void defaults_complete_the_given_parameters_typed_in_declared_order() {
		Map<String, Object> values = PRUNE.validate(Map.of("table", "events", "batchSize", "50"));

		assertThat(values).containsExactly(entry("retention", Duration.ofDays(30)), entry("batchSize", 50L),
				entry("table", "events"));
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
			.containsExactly(entry("batchSize", 1000L), entry("expireAfter", Duration.ofHours(1)));
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

}
