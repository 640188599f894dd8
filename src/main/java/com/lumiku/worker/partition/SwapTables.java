package com.lumiku.worker.partition;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one blocking step of a conversion: in a single short transaction (each lock wait
 * bounded by {@code lock_timeout}, the whole retried), the old table becomes the legacy
 * partition of the new parent, which takes its name, its index names, its triggers and
 * its dependent views. The conversion's state moves to {@code converted} in the same
 * transaction, so a crash leaves it either all done or not started.
 */
final class SwapTables {

	private final LockedDdl ddl;

	SwapTables(LockedDdl ddl) {
		this.ddl = ddl;
	}

	void swap(ConversionNames names, LocalDateTime legacyUpper, ConversionState states) {
		ArchivedTable table = ArchivedTable.named(names.table());
		this.ddl.inTransaction("swap " + names.table() + " for its partitioned copy", (connection) -> {
			LockedDdl.execute(connection, List.of("LOCK TABLE " + LockedDdl.quote(names.table()) + ", "
					+ LockedDdl.quote(names.building()) + " IN ACCESS EXCLUSIVE MODE"));
			LockedDdl.execute(connection, statements(TableCatalog.on(connection), names, legacyUpper));
			ConversionState.advance(connection, table, "built", "converted");
			return null;
		});
	}

	/** Read under the lock, so no trigger or view added meanwhile is missed. */
	private static List<String> statements(TableCatalog catalog, ConversionNames names, LocalDateTime legacyUpper) {
		String table = LockedDdl.quote(names.table());
		String primaryKey = catalog.constraints(names.table())
			.stream()
			.filter((constraint) -> constraint.type() == 'p')
			.map(TableCatalog.Constraint::name)
			.findFirst()
			.orElseThrow(() -> new PartitionException(names.table() + " has no primary key"));
		List<TableCatalog.Trigger> triggers = catalog.triggers(names.table());
		List<TableCatalog.View> views = catalog.views(names.table());
		List<TableCatalog.Index> indexes = catalog.indexes(names.table())
			.stream()
			.filter((index) -> !index.name().equals(names.idCreatedAtIndex()))
			.toList();
		List<String> sql = new ArrayList<>();
		triggers.forEach((trigger) -> sql.add("DROP TRIGGER " + LockedDdl.quote(trigger.name()) + " ON " + table));
		sql.add("ALTER TABLE " + table + " DROP CONSTRAINT " + LockedDdl.quote(primaryKey));
		sql.add("ALTER TABLE " + table + " ADD CONSTRAINT " + LockedDdl.quote(names.legacyPrimaryKey())
				+ " PRIMARY KEY USING INDEX " + LockedDdl.quote(names.idCreatedAtIndex()));
		indexes.forEach((index) -> sql.add("ALTER INDEX " + LockedDdl.quote(index.name()) + " RENAME TO "
				+ LockedDdl.quote(ConversionNames.legacy(index.name()))));
		sql.add("ALTER TABLE " + table + " RENAME TO " + LockedDdl.quote(names.legacy()));
		sql.add("ALTER TABLE " + LockedDdl.quote(names.building()) + " RENAME TO " + table);
		indexes.forEach((index) -> sql.add("ALTER INDEX " + LockedDdl.quote(ConversionNames.building(index.name()))
				+ " RENAME TO " + LockedDdl.quote(index.name())));
		sql.add("ALTER TABLE " + table + " RENAME CONSTRAINT " + LockedDdl.quote(ConversionNames.building(primaryKey))
				+ " TO " + LockedDdl.quote(primaryKey));
		sql.add("ALTER TABLE " + table + " ATTACH PARTITION " + LockedDdl.quote(names.legacy())
				+ " FOR VALUES FROM (MINVALUE) TO ('" + Timestamp.valueOf(legacyUpper) + "')");
		triggers.forEach((trigger) -> sql.add(trigger.definition()));
		views.forEach((view) -> sql.add("CREATE OR REPLACE VIEW " + view.name() + " AS " + view.definition()));
		return sql;
	}

}
