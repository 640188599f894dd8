package com.lumiku.worker.maintenance;

import java.util.Locale;

/** How the report shows sizes and ratios. */
final class Figures {

	private static final String[] UNITS = { "B", "kB", "MB", "GB", "TB" };

	private Figures() {
	}

	/** {@code 812 kB}, {@code 1.2 GB} (powers of 1024, as pg_size_pretty). */
	static String bytes(double bytes) {
		int unit = 0;
		double value = bytes;
		while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return (unit == 0 || value >= 100) ? String.format(Locale.ROOT, "%.0f %s", value, UNITS[unit])
				: String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
	}

	/** {@code 99.4 %}. */
	static String percent(double ratio) {
		return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
	}

}
