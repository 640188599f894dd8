package com.lumiku.worker.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code partitions rollback TABLE}: back to a plain table. The legacy partition gets a
 * unique index on {@code id} (built CONCURRENTLY: state {@code rolling_back}); then one
 * transaction under {@code lock_timeout} detaches it, moves into it the rows of the
 * monthly partitions (the months since the conversion: the lock is held while they are
 * copied, so roll back soon after a conversion or expect a longer pause), gives it back
 * the table's name, index names, primary key on {@code id}, triggers and views, and drops
 * the partitioned parent. Refused while a month is archived (restore it first).
 */
final class RollbackConversion {

	private static final String INDEX_PARTITIONS = """
			SELECT parent.relname AS parent_name, child.relname AS child_name
			FROM pg_inherits i
			JOIN pg_class child ON child.oid = i.inhrelid
			JOIN pg_class parent ON parent.oid = i.inhparent
			JOIN pg_index x ON x.indexrelid = child.oid
			WHERE x.indrelid = to_regclass(quote_ident(?)) AND parent.relkind = 'I'
			  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = child.oid AND c.contype = 'p')
			""";

	private static final String OTHER_PARTITIONS = """
			SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = to_regclass(quote_ident(?)) AND c.relname <> ?
			ORDER BY c.relname
			""";

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	RollbackConversion(JdbcTemplate jdbc, LockedDdl ddl) {
		this.jdbc = jdbc;
		this.ddl = ddl;
	}

	List<String> rollback(ArchivedTable table) {
		ConversionNames names = new ConversionNames(table.tableName());
		ConversionState states = new ConversionState(this.jdbc);
		String state = states.find(table).map(ConversionState.Row::state).orElse("none");
		Long archived = this.jdbc.queryForObject(
				"SELECT count(*) FROM lumiku_worker.archive WHERE table_name = ? AND state <> 'restored'", Long.class,
				table.tableName());
		if (archived != null && archived > 0) {
			throw new PartitionException(table.tableName() + " has " + archived
					+ " archived month(s): restore them (archive restore) before rolling back the conversion");
		}
		if (state.equals("converted")) {
			this.ddl.outsideTransaction("build " + names.idIndex(), "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
					+ LockedDdl.quote(names.idIndex()) + " ON " + LockedDdl.quote(names.legacy()) + " (id)");
			states.advance(table, "converted", "rolling_back");
			state = "rolling_back";
		}
		if (!state.equals("rolling_back")) {
			throw new PartitionException(table.tableName() + " is in conversion state " + state
					+ "; only a converted table can be rolled back");
		}
		this.ddl.inTransaction("roll back " + table.tableName(), (connection) -> {
			LockedDdl.execute(connection,
					List.of("LOCK TABLE " + LockedDdl.quote(names.table()) + " IN ACCESS EXCLUSIVE MODE"));
			LockedDdl.execute(connection,
					statements(TableCatalog.on(connection), new JdbcTemplate(TableCatalog.single(connection)), names));
			ConversionState.advance(connection, table, "rolling_back", "rolled_back");
			return null;
		});
		return List.of(table.tableName() + " is a plain table again (state rolled_back)");
	}

	private static List<String> statements(TableCatalog catalog, JdbcTemplate jdbc, ConversionNames names) {
		String table = LockedDdl.quote(names.table());
		String legacy = LockedDdl.quote(names.legacy());
		List<TableCatalog.Trigger> triggers = catalog.triggers(names.table());
		List<TableCatalog.View> views = catalog.views(names.table());
		List<Map<String, Object>> indexNames = jdbc.queryForList(INDEX_PARTITIONS, names.legacy());
		List<String> others = jdbc.queryForList(OTHER_PARTITIONS, String.class, names.table(), names.legacy());
		List<String> sql = new ArrayList<>();
		triggers.forEach((trigger) -> sql.add("DROP TRIGGER " + LockedDdl.quote(trigger.name()) + " ON " + table));
		sql.add("ALTER TABLE " + table + " DETACH PARTITION " + legacy);
		sql.add("ALTER TABLE " + legacy + " DROP CONSTRAINT IF EXISTS " + LockedDdl.quote(names.legacyRange()));
		others
			.forEach((partition) -> sql.add("INSERT INTO " + legacy + " SELECT * FROM " + LockedDdl.quote(partition)));
		sql.add("ALTER TABLE " + table + " RENAME TO " + LockedDdl.quote(names.building()));
		sql.add("ALTER TABLE " + legacy + " RENAME TO " + table);
		views.forEach((view) -> sql.add("CREATE OR REPLACE VIEW " + view.name() + " AS " + view.definition()));
		sql.add("DROP TABLE " + LockedDdl.quote(names.building()));
		indexNames.forEach((row) -> sql.add("ALTER INDEX " + LockedDdl.quote((String) row.get("child_name"))
				+ " RENAME TO " + LockedDdl.quote((String) row.get("parent_name"))));
		sql.add("ALTER TABLE " + table + " DROP CONSTRAINT " + LockedDdl.quote(names.legacyPrimaryKey()));
		sql.add("ALTER TABLE " + table + " ADD CONSTRAINT " + LockedDdl.quote(names.primaryKey())
				+ " PRIMARY KEY USING INDEX " + LockedDdl.quote(names.idIndex()));
		triggers.forEach((trigger) -> sql.add(trigger.definition()));
		return sql;
	}

}
