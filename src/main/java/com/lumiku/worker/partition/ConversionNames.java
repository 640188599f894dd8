package com.lumiku.worker.partition;

/** The names a conversion gives the objects it creates, derived from the table's. */
record ConversionNames(String table) {

	String legacy() {
		return this.table + "_legacy";
	}

	String building() {
		return this.table + "_partitioned";
	}

	String idCreatedAtIndex() {
		return truncate(this.table + "_id_createdAt_key");
	}

	String idIndex() {
		return truncate(this.table + "_id_key");
	}

	String legacyRange() {
		return truncate(this.table + "_legacy_range");
	}

	String legacyPrimaryKey() {
		return truncate(this.table + "_legacy_pkey");
	}

	String primaryKey() {
		return truncate(this.table + "_pkey");
	}

	/** A parent's index while it is being built, before it takes the original name. */
	static String building(String name) {
		return truncate("pt_" + name);
	}

	/** The legacy partition's copy of an index once the parent holds the name. */
	static String legacy(String name) {
		return truncate(name + "_legacy");
	}

	static String truncate(String name) {
		return (name.length() <= 63) ? name : name.substring(0, 63);
	}

}
