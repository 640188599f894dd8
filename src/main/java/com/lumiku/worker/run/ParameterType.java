package com.lumiku.worker.run;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The type of a job parameter, and how its text is parsed. */
public enum ParameterType {

	/** Any text up to 500 characters. */
	STRING {
		@Override
		public Object parse(String raw) {
			requireAtMost500(raw);
			return raw;
		}
	},

	/**
	 * Names separated by commas, each of lower-case letters, digits and {@code _} and at
	 * most 63 long (tables of schema public, for example); parsed, the names as written,
	 * each once, in order.
	 */
	NAMES {
		@Override
		public Object parse(String raw) {
			requireAtMost500(raw);
			List<String> names = Arrays.stream(raw.split(","))
				.map(String::strip)
				.filter((name) -> !name.isEmpty())
				.toList();
			if (names.isEmpty()) {
				throw new IllegalArgumentException("expected names separated by commas, got '" + raw + "'");
			}
			for (String name : names) {
				if (!NAME.matcher(name).matches()) {
					throw new IllegalArgumentException(
							"'" + name + "' is not a name (lower-case letters, digits and _, at most 63)");
				}
			}
			return List.copyOf(new java.util.LinkedHashSet<>(names));
		}
	},

	/** A whole number. */
	LONG {
		@Override
		public Object parse(String raw) {
			// Long.parseLong reads any Unicode digits ("５００" is 500): only 0-9 are a
			// number here
			if (!ASCII_WHOLE_NUMBER.matcher(raw.trim()).matches()) {
				throw new IllegalArgumentException("expected a whole number, got '" + raw + "'");
			}
			try {
				return Long.parseLong(raw.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("expected a whole number, got '" + raw + "'");
			}
		}
	},

	/** {@code true} or {@code false}. */
	BOOLEAN {
		@Override
		public Object parse(String raw) {
			String value = raw.trim().toLowerCase(Locale.ROOT);
			if (!value.equals("true") && !value.equals("false")) {
				throw new IllegalArgumentException("expected true or false, got '" + raw + "'");
			}
			return Boolean.valueOf(value);
		}
	},

	/**
	 * {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 30d} or ISO-8601
	 * ({@code PT15M}).
	 */
	DURATION {
		@Override
		public Object parse(String raw) {
			return parseDuration(raw);
		}
	},

	/** A time zone id such as {@code UTC} or {@code Asia/Jakarta}. */
	ZONE_ID {
		@Override
		public Object parse(String raw) {
			try {
				return ZoneId.of(raw.trim());
			}
			catch (DateTimeException ex) {
				throw new IllegalArgumentException(
						"expected a time zone such as UTC or Asia/Jakarta, got '" + raw + "'");
			}
		}
	},

	/** An ISO date, {@code yyyy-MM-dd}. */
	DATE {
		@Override
		public Object parse(String raw) {
			try {
				return LocalDate.parse(raw.trim());
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("expected a date such as 2026-01-31, got '" + raw + "'");
			}
		}
	},

	/**
	 * One word of a fixed set, which the parameter declares
	 * ({@link ParameterSpec#oneOf}); read in any case. Parsed alone, it is the word in
	 * lower case; the parameter then checks it against its words.
	 */
	CHOICE {
		@Override
		public Object parse(String raw) {
			requireAtMost500(raw);
			String word = raw.strip().toLowerCase(Locale.ROOT);
			if (word.isEmpty() || word.contains(",")) {
				throw new IllegalArgumentException("expected one word, got '" + raw + "'");
			}
			return word;
		}
	},

	/**
	 * Words of a fixed set separated by commas, or {@code all}, which the parameter
	 * declares ({@link ParameterSpec#someOf}); read in any case. Parsed alone, it is the
	 * list of words in lower case as written; the parameter then checks them against its
	 * words and puts them in declared order.
	 */
	CHOICES {
		@Override
		public Object parse(String raw) {
			requireAtMost500(raw);
			List<String> words = Arrays.stream(raw.split(","))
				.map((word) -> word.strip().toLowerCase(Locale.ROOT))
				.filter((word) -> !word.isEmpty())
				.toList();
			if (words.isEmpty()) {
				throw new IllegalArgumentException("expected words separated by commas, or all, got '" + raw + "'");
			}
			return words;
		}
	};

	private static final Pattern ASCII_WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private static final List<Map.Entry<String, Long>> UNITS = List.of(Map.entry("d", 86_400_000L),
			Map.entry("h", 3_600_000L), Map.entry("m", 60_000L), Map.entry("s", 1_000L));

	/**
	 * Parses raw text.
	 * @param raw the text
	 * @return the typed value
	 * @throws IllegalArgumentException saying what was expected
	 */
	public abstract Object parse(String raw);

	/**
	 * Parses {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 30d} or
	 * ISO-8601.
	 * @param raw the text
	 * @return the duration
	 */
	public static Duration parseDuration(String raw) {
		String value = raw.trim();
		Matcher simple = SIMPLE_DURATION.matcher(value.toLowerCase(Locale.ROOT));
		if (simple.matches()) {
			try {
				return simpleDuration(Long.parseLong(simple.group(1)), simple.group(2));
			}
			catch (NumberFormatException | ArithmeticException ex) {
				throw tooLarge(raw);
			}
		}
		try {
			return Duration.parse(value.toUpperCase(Locale.ROOT));
		}
		catch (DateTimeParseException ex) {
			if (ex.getCause() instanceof ArithmeticException || ex.getCause() instanceof NumberFormatException) {
				throw tooLarge(raw);
			}
			throw new IllegalArgumentException(
					"expected a duration such as 30s, 15m, 24h, 30d or PT1H, got '" + raw + "'");
		}
	}

	/**
	 * A duration in the short form {@link #parseDuration} reads: the largest whole unit
	 * ({@code 30d}, {@code 24h}, {@code 15m}, {@code 30s}, {@code 500ms}).
	 * @param duration the duration
	 * @return the text
	 */
	public static String formatDuration(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0) {
			return "0s";
		}
		for (Map.Entry<String, Long> unit : UNITS) {
			if (millis % unit.getValue() == 0) {
				return (millis / unit.getValue()) + unit.getKey();
			}
		}
		return millis + "ms";
	}

	private static void requireAtMost500(String raw) {
		if (raw.length() > 500) {
			throw new IllegalArgumentException("expected text of at most 500 characters, got " + raw.length());
		}
	}

	private static Duration simpleDuration(long amount, String unit) {
		return switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

	private static IllegalArgumentException tooLarge(String raw) {
		return new IllegalArgumentException("the duration '" + raw + "' is too large");
	}

}
