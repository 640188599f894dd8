package com.lumiku.worker.maintenance;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One of the checks of {@code db-maintenance} and {@code db report}. A check only reads,
 * except {@code table-sizes} when it records; its queries may fail (a timeout, a missing
 * privilege), and {@link RunChecks} reports that for the check alone.
 */
interface MaintenanceCheck {

	/**
	 * The check's stable name ({@code unused-indexes}): parameter value and metric tag.
	 */
	String name();

	/** What the figure is held against, also shown when the check fails. */
	String threshold();

	/**
	 * Runs the check in the caller's transaction.
	 * @param jdbc the database
	 * @param record whether to record what the check keeps history of (table sizes)
	 * @return what it found
	 */
	CheckOutcome run(JdbcTemplate jdbc, boolean record);

}
