package com.lumiku.worker.partition;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Month arithmetic and names of monthly partitions ({@code credits_p2026_12}). */
final class Months {

	private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM");

	private Months() {
	}

	static LocalDateTime start(YearMonth month) {
		return month.atDay(1).atStartOfDay();
	}

	static YearMonth of(LocalDateTime instant) {
		return YearMonth.from(instant);
	}

	static String partitionName(String table, YearMonth month) {
		return "%s_p%04d_%02d".formatted(table, month.getYear(), month.getMonthValue());
	}

	static String label(YearMonth month) {
		return LABEL.format(month);
	}

	/**
	 * A month given by an operator ({@code 2025-02}).
	 * @param text the month
	 * @return it
	 * @throws IllegalArgumentException saying what is expected
	 */
	static YearMonth parse(String text) {
		try {
			return YearMonth.parse(text, LABEL);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("month '" + text + "': expected YYYY-MM, e.g. 2025-02");
		}
	}

	static LocalDate firstDay(YearMonth month) {
		return month.atDay(1);
	}

}
