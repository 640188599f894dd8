package com.lumiku.worker.partition;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The tables this feature manages: the three append-only tables are converted to monthly
 * partitions and archived a partition at a time; the four generation tables stay plain
 * and lose their finished rows month by month (a rows archive).
 */
public enum ArchivedTable {

	CREDITS("credits", true, null), APP_USAGES("app_usages", true, null), MODEL_USAGES("model_usages", true, null),
	VIDEO_MIXER_GENERATIONS("video_mixer_generations", false, "status IN ('completed', 'failed')"),
	CAROUSEL_GENERATIONS("carousel_generations", false, "status IN ('completed', 'failed')"),
	LOOPING_FLOW_GENERATIONS("looping_flow_generations", false, "status IN ('completed', 'failed')"),
	AVATAR_GENERATIONS("avatar_generations", false, "status IN ('completed', 'failed')");

	private final String tableName;

	private final boolean partitioned;

	private final String rowFilter;

	ArchivedTable(String tableName, boolean partitioned, String rowFilter) {
		this.tableName = tableName;
		this.partitioned = partitioned;
		this.rowFilter = rowFilter;
	}

	public String tableName() {
		return this.tableName;
	}

	/** Converted to monthly partitions (else archived by rows). */
	public boolean partitioned() {
		return this.partitioned;
	}

	/** Which rows of a month a rows archive takes (a fixed SQL predicate, no input). */
	String rowFilter() {
		return this.rowFilter;
	}

	boolean isLedger() {
		return this == CREDITS;
	}

	static boolean isKnown(String name) {
		return find(name).isPresent();
	}

	static Optional<ArchivedTable> find(String name) {
		return Arrays.stream(values()).filter((table) -> table.tableName.equals(name)).findFirst();
	}

	/**
	 * The table of a name given by an operator.
	 * @param name a table name
	 * @return the table
	 * @throws IllegalArgumentException naming the known tables
	 */
	public static ArchivedTable named(String name) {
		return find(name)
			.orElseThrow(() -> new IllegalArgumentException("unknown table '" + name + "'; known: " + names()));
	}

	static List<String> names() {
		return Arrays.stream(values()).map(ArchivedTable::tableName).toList();
	}

	static List<ArchivedTable> partitionedTables() {
		return Arrays.stream(values()).filter(ArchivedTable::partitioned).toList();
	}

}
