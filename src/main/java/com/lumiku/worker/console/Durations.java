package com.lumiku.worker.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Times and durations as the pages show them. */
final class Durations {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneId.of("UTC"));

	private Durations() {
	}

	/** {@code 1h 02m}, {@code 3m 05s}, {@code 12.3s}. */
	static String words(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
		}
		if (seconds < 3600) {
			return String.format(java.util.Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86_400) {
			return String.format(java.util.Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
		}
		return String.format(java.util.Locale.ROOT, "%dd %02dh", seconds / 86_400, (seconds % 86_400) / 3600);
	}

	static String utc(Instant instant) {
		return UTC.format(instant);
	}

	static String utc(Optional<Instant> instant) {
		return instant.map(Durations::utc).orElse("-");
	}

	static String utc(java.time.OffsetDateTime time) {
		return (time != null) ? utc(time.toInstant()) : "-";
	}

}
