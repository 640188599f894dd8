package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.List;

/**
 * The checks, in the order an on-call engineer reads them (the generation queue and cache
 * health first, index housekeeping last), and the checks a {@code checks} parameter
 * selects.
 */
final class MaintenanceChecks {

	static final String ALL = "all";

	private MaintenanceChecks() {
	}

	/**
	 * Every check.
	 * @param pendingOlderThan the age beyond which a pending generation is reported
	 * @return the checks in report order
	 */
	static List<MaintenanceCheck> all(Duration pendingOlderThan) {
		return List.of(new CountStalePendingGenerations(pendingOlderThan), MeasureHitRate.CACHE, MeasureHitRate.INDEX,
				new ListSlowestStatements(), new EstimateBloat(), new RecordTableSizes(), new FindUnusedIndexes(),
				new CheckRedundantIndexes());
	}

	/** The names of every check, in report order. */
	static List<String> names() {
		return all(Duration.ofHours(1)).stream().map(MaintenanceCheck::name).toList();
	}

	/**
	 * The checks a {@code checks} parameter selects.
	 * @param names check names ({@link #names()}), checked by the parameter's type
	 * @param pendingOlderThan the age beyond which a pending generation is reported
	 * @return the selected checks in report order
	 */
	static List<MaintenanceCheck> select(List<String> names, Duration pendingOlderThan) {
		return all(pendingOlderThan).stream().filter((check) -> names.contains(check.name())).toList();
	}

}
