package com.lumiku.worker.operator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors never echo a long value whole. */
class ShortTextTest {

	@Test
	void a_long_quoted_value_is_cut_to_a_prefix_with_its_length() {
		String value = "x".repeat(20_000_000);
		String message = ShortText.message("parameter 'batchSize': expected a whole number, got '" + value + "'");
		assertThat(message).startsWith("parameter 'batchSize': expected a whole number, got 'xxxx")
			.endsWith("… (20000000 characters)'")
			.hasSizeLessThan(200);
	}

	@Test
	void short_messages_are_left_alone_and_long_ones_are_bounded() {
		assertThat(ShortText.message("Unknown job 'nope'")).isEqualTo("Unknown job 'nope'");
		assertThat(ShortText.message("y".repeat(10_000))).hasSizeLessThan(ShortText.MAX_MESSAGE + 40);
	}

	@Test
	void apostrophes_in_prose_are_not_taken_for_a_quoted_value() {
		String message = "unknown parameter 'timeZone'; did you mean 'periodTimeZone'? (renamed: the zone whose "
				+ "midnight starts a quota period; the schedule's timeZone is the zone its cron is read in)";
		assertThat(ShortText.message(message)).isEqualTo(message);
	}

}
