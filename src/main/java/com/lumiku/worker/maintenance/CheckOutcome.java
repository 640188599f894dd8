package com.lumiku.worker.maintenance;

import java.util.List;

/**
 * What one check found.
 *
 * @param check the check's name ({@code unused-indexes})
 * @param status OK, WARN (a figure is past its threshold), NOTE (could not be judged: no
 * data yet, or an extension missing) or ERROR (the check's query failed)
 * @param figure the headline figure, for the report's table ({@code 3 unused, 1.2 MB})
 * @param threshold what the figure is held against ({@code WARN above 0})
 * @param details one line per finding (an index, a table, a statement)
 * @param values the figures behind the {@code lumiku_db_*} gauges
 */
public record CheckOutcome(String check, Status status, String figure, String threshold, List<String> details,
		List<CheckValue> values) {

	public CheckOutcome {
		details = List.copyOf(details);
		values = List.copyOf(values);
	}

	static CheckOutcome failed(String check, String threshold, String reason) {
		return new CheckOutcome(check, Status.ERROR, "check failed: " + reason, threshold, List.of(), List.of());
	}

	/** How a check's figure stands against its threshold. */
	public enum Status {

		/** Within its threshold. */
		OK,

		/** Past its threshold: someone should look. */
		WARN,

		/** Not judged (no data yet, an extension missing): the details say why. */
		NOTE,

		/**
		 * The check's query failed (a timeout, a missing privilege): the figure says why.
		 */
		ERROR;

		static Status warnIf(boolean past) {
			return past ? WARN : OK;
		}

	}

	/**
	 * One figure of a gauge.
	 *
	 * @param metric the gauge's name ({@code lumiku_db_table_bytes})
	 * @param label the value of its tag (the table, the app), or empty for an untagged
	 * gauge
	 * @param value the figure
	 */
	public record CheckValue(String metric, String label, double value) {

		static CheckValue of(String metric, double value) {
			return new CheckValue(metric, "", value);
		}

	}

}
