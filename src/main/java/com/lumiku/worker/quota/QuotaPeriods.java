package com.lumiku.worker.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The quota periods that contain a day in a time zone, as the app writes them:
 * {@code period} text {@code YYYY-MM-DD} (daily) or {@code YYYY-MM} (monthly), and
 * {@code resetAt} the start of the next period in that zone, as UTC {@code timestamp(3)}.
 *
 * @param day the day
 * @param zone the zone whose midnight starts a period
 */
record QuotaPeriods(LocalDate day, ZoneId zone) {

	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

	/** The periods containing an instant, seen in a zone. */
	static QuotaPeriods at(Instant instant, ZoneId zone) {
		return new QuotaPeriods(LocalDate.ofInstant(instant, zone), zone);
	}

	String dailyPeriod() {
		return this.day.toString();
	}

	LocalDateTime dailyResetAt() {
		return utc(this.day.plusDays(1));
	}

	String monthlyPeriod() {
		return this.day.format(MONTH);
	}

	LocalDateTime monthlyResetAt() {
		return utc(this.day.withDayOfMonth(1).plusMonths(1));
	}

	private LocalDateTime utc(LocalDate start) {
		return start.atStartOfDay(this.zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
	}

}
