package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks, in the order an on-call engineer reads them (the generation queue and cache
 * health first, index housekeeping last), and the {@code checks} parameter's parsing.
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
	 * @param selection {@code all}, or check names separated by commas
	 * @param pendingOlderThan the age beyond which a pending generation is reported
	 * @return the selected checks in report order
	 * @throws IllegalArgumentException naming an unknown check and the known ones
	 */
	static List<MaintenanceCheck> select(String selection, Duration pendingOlderThan) {
		List<MaintenanceCheck> all = all(pendingOlderThan);
		if (selection.isBlank() || selection.trim().equalsIgnoreCase(ALL)) {
			return all;
		}
		Set<String> wanted = new LinkedHashSet<>();
		for (String name : selection.split(",")) {
			String check = name.trim().toLowerCase(Locale.ROOT);
			if (!names().contains(check)) {
				throw new IllegalArgumentException(
						"checks: unknown check '" + check + "'; known: all, " + String.join(", ", names()));
			}
			wanted.add(check);
		}
		List<MaintenanceCheck> selected = new ArrayList<>();
		all.stream().filter((check) -> wanted.contains(check.name())).forEach(selected::add);
		return selected;
	}

}
