package com.lumiku.worker.run;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** How each {@link ParameterType} parses text, and what it says about bad text. */
class ParameterTypeTest {

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "500ms, PT0.5S", "30s, PT30S", "15m, PT15M", "24h, PT24H", "30d, PT720H", "' 15M ', PT15M",
			"10 m, PT10M", "PT1H30M, PT1H30M", "pt90s, PT1M30S", "P2D, PT48H", "0s, PT0S" })
	void durations_are_read_in_short_or_iso_form(String text, String iso) {
		assertThat(ParameterType.DURATION.parse(text)).isEqualTo(Duration.parse(iso));
		assertThat(ParameterType.parseDuration(text)).isEqualTo(Duration.parse(iso));
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "soon", "30", "''", "-5m", "5 minutes", "1.5h", "15mm", "m15", "1w" })
	void text_that_is_not_a_duration_names_the_accepted_forms(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.DURATION.parse(text))
			.withMessage("expected a duration such as 30s, 15m, 24h, 30d or PT1H, got '" + text + "'");
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "99999999999999999999d", "9223372036854775807d", "106751991167301d", "PT9999999999999999999H" })
	void a_duration_too_large_is_refused_with_a_clear_message(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.DURATION.parse(text))
			.withMessage("the duration '" + text + "' is too large");
	}

	@Test
	void the_largest_short_durations_still_parse() {
		assertThat(ParameterType.parseDuration("106751991167300d")).isEqualTo(Duration.ofDays(106751991167300L));
		assertThat(ParameterType.parseDuration("9223372036854775807s")).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "0, 0", "42, 42", "' 42 ', 42", "-7, -7", "9223372036854775807, 9223372036854775807" })
	void whole_numbers_are_read_as_longs(String text, long value) {
		assertThat(ParameterType.LONG.parse(text)).isEqualTo(value);
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "lots", "12.5", "1e3", "''", "9223372036854775808", "0x10", "５００", "٥٠٠", "१२", "--5" })
	void text_that_is_not_a_whole_number_is_refused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.LONG.parse(text))
			.withMessage("expected a whole number, got '" + text + "'");
	}

	@Test
	void names_are_lower_case_words_separated_by_commas_each_once() {
		assertThat(ParameterType.NAMES.parse(" credits, sessions,credits ,quota_usages2"))
			.isEqualTo(java.util.List.of("credits", "sessions", "quota_usages2"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterType.NAMES.parse("credits\"; DROP TABLE users; --"))
			.withMessage(
					"'credits\"; DROP TABLE users; --' is not a name (lower-case letters, digits and _, at most 63)");
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.NAMES.parse("usérs"))
			.withMessageContaining("'usérs' is not a name");
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.NAMES.parse("x".repeat(64)))
			.withMessageContaining("is not a name");
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.NAMES.parse(" , "))
			.withMessage("expected names separated by commas, got ' , '");
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "true, true", "false, false", "TRUE, true", "' False ', false" })
	void booleans_are_true_or_false_in_any_case(String text, boolean value) {
		assertThat(ParameterType.BOOLEAN.parse(text)).isEqualTo(value);
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "yes", "no", "1", "maybe", "''" })
	void other_words_are_not_booleans(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.BOOLEAN.parse(text))
			.withMessage("expected true or false, got '" + text + "'");
	}

	@Test
	void zones_are_java_zone_ids() {
		assertThat(ParameterType.ZONE_ID.parse("Asia/Jakarta")).isEqualTo(ZoneId.of("Asia/Jakarta"));
		assertThat(ParameterType.ZONE_ID.parse(" UTC ")).isEqualTo(ZoneId.of("UTC"));
		assertThat(ParameterType.ZONE_ID.parse("+07:00")).isEqualTo(ZoneId.of("+07:00"));
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "Jakarta", "Mars/Olympus", "''", "WIB" })
	void unknown_zones_are_refused_with_an_example(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.ZONE_ID.parse(text))
			.withMessage("expected a time zone such as UTC or Asia/Jakarta, got '" + text + "'");
	}

	@Test
	void dates_are_iso_dates() {
		assertThat(ParameterType.DATE.parse("2026-01-31")).isEqualTo(LocalDate.of(2026, 1, 31));
		assertThat(ParameterType.DATE.parse(" 2024-02-29 ")).isEqualTo(LocalDate.of(2024, 2, 29));
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "2026-02-30", "31/01/2026", "2026-1-31", "tomorrow", "''" })
	void other_dates_are_refused_with_an_example(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.DATE.parse(text))
			.withMessage("expected a date such as 2026-01-31, got '" + text + "'");
	}

	@Test
	void strings_are_kept_as_given_up_to_500_characters() {
		assertThat(ParameterType.STRING.parse(" a b ")).isEqualTo(" a b ");
		assertThat(ParameterType.STRING.parse("x".repeat(500))).isEqualTo("x".repeat(500));
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.STRING.parse("x".repeat(501)))
			.withMessage("expected text of at most 500 characters, got 501");
	}

	private static final ParameterSpec MODE = ParameterSpec.oneOf("mode",
			java.util.List.of("incremental", "concurrent", "both", "full"), "both", "How");

	private static final ParameterSpec VIEWS = ParameterSpec.someOf("views",
			java.util.List.of("daily_usage", "model_popularity_daily", "revenue_daily"), "all", "Which");

	@Test
	void a_choice_is_one_word_read_in_any_case_and_checked_against_the_parameters_words() {
		assertThat(ParameterType.CHOICE.parse(" Full ")).isEqualTo("full");
		assertThat(MODE.value("FULL")).isEqualTo("full");
		assertThat(MODE.value(" incremental ")).isEqualTo("incremental");
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "''", "'  '", "'full,both'" })
	void a_choice_that_is_not_one_word_is_refused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.CHOICE.parse(text))
			.withMessage("expected one word, got '" + text + "'");
	}

	@ParameterizedTest(name = "''{0}'' -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			fulll       | did you mean 'full'? expected one of: incremental, concurrent, both, full
			incremntal  | did you mean 'incremental'? expected one of: incremental, concurrent, both, full
			concurrently| did you mean 'concurrent'? expected one of: incremental, concurrent, both, full
			sometimes   | expected one of: incremental, concurrent, both, full
			""")
	void a_word_outside_a_choice_names_the_nearest_word_and_the_allowed_ones(String text, String rest) {
		assertThatIllegalArgumentException().isThrownBy(() -> MODE.value(text))
			.withMessage("unknown value '" + text + "'; " + rest);
	}

	@Test
	void a_list_of_choices_gives_the_words_chosen_once_each_in_declared_order() {
		assertThat(ParameterType.CHOICES.parse(" Revenue_Daily, ,daily_usage "))
			.isEqualTo(java.util.List.of("revenue_daily", "daily_usage"));
		assertThat(VIEWS.value("revenue_daily,DAILY_USAGE,revenue_daily"))
			.isEqualTo(java.util.List.of("daily_usage", "revenue_daily"));
		assertThat(VIEWS.value("all"))
			.isEqualTo(java.util.List.of("daily_usage", "model_popularity_daily", "revenue_daily"));
		assertThat(VIEWS.value("ALL, revenue_daily")).as("all wins")
			.isEqualTo(java.util.List.of("daily_usage", "model_popularity_daily", "revenue_daily"));
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource({ "''", "' , '", "','" })
	void an_empty_list_of_choices_is_refused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.CHOICES.parse(text))
			.withMessage("expected words separated by commas, or all, got '" + text + "'");
	}

	@Test
	void each_word_outside_a_list_of_choices_is_named_with_its_nearest_word() {
		String expected = "; expected all, or some of: daily_usage, model_popularity_daily, revenue_daily"
				+ " (separated by commas)";
		assertThatIllegalArgumentException().isThrownBy(() -> VIEWS.value("daily_usage,revenu_daily"))
			.withMessage("unknown value 'revenu_daily'; did you mean 'revenue_daily'?" + expected.substring(1));
		assertThatIllegalArgumentException().isThrownBy(() -> VIEWS.value("revenu_daily,weekly,daily_usage,weekly"))
			.withMessage("unknown values 'revenu_daily' (did you mean 'revenue_daily'?), 'weekly'" + expected);
		assertThatIllegalArgumentException().isThrownBy(() -> VIEWS.value("al"))
			.withMessageStartingWith("unknown value 'al'; did you mean 'all'?");
	}

	@Test
	void a_word_is_shown_printable_and_a_long_one_is_refused_by_its_length() {
		assertThatIllegalArgumentException().isThrownBy(() -> MODE.value("full\u001b[2J"))
			.withMessageStartingWith("unknown value 'full?[2j'; did you mean 'full'?");
		assertThatIllegalArgumentException().isThrownBy(() -> VIEWS.value("x".repeat(501)))
			.withMessage("expected text of at most 500 characters, got 501");
		assertThatIllegalArgumentException().isThrownBy(() -> MODE.value("x".repeat(501)))
			.withMessage("expected text of at most 500 characters, got 501");
	}

}
