package com.lumiku.worker.partition;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds the empty partitioned table beside the old one: the same columns, defaults,
 * CHECK and foreign-key constraints, indexes and grants, read from the catalog. Its
 * indexes carry temporary names until the swap hands them the original ones. The primary
 * key becomes {@code (id, "createdAt")}: PostgreSQL requires a partitioned table's unique
 * constraints to include the partition key.
 */
final class BuildPartitionedTable {

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	private final TableCatalog catalog;

	BuildPartitionedTable(JdbcTemplate jdbc, LockedDdl ddl, TableCatalog catalog) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.catalog = catalog;
	}

	void build(ConversionNames names) {
		List<String> statements = new ArrayList<>();
		statements.add("DROP TABLE IF EXISTS " + LockedDdl.quote(names.building()));
		statements.addAll(statements(names));
		this.ddl.inTransaction("build " + names.building(), statements);
	}

	/** The statements that build the table (the dry run prints them). */
	List<String> statements(ConversionNames names) {
		String source = names.table();
		String target = LockedDdl.quote(names.building());
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE " + target + " (LIKE " + LockedDdl.quote(source)
				+ " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS INCLUDING STATISTICS)"
				+ " PARTITION BY RANGE (\"createdAt\")");
		for (TableCatalog.Constraint constraint : this.catalog.constraints(source)) {
			if (constraint.name().equals(names.legacyRange())) {
				continue;
			}
			switch (constraint.type()) {
				case 'p' -> statements.add("ALTER TABLE " + target + " ADD CONSTRAINT "
						+ LockedDdl.quote(ConversionNames.building(constraint.name()))
						+ " PRIMARY KEY (id, \"createdAt\")");
				case 'u',
						'x' ->
					throw new PartitionException("unique constraint " + constraint.name() + " of " + source + " ("
							+ constraint.definition() + ") does not include \"createdAt\" and cannot be kept on a"
							+ " partitioned table");
				default -> statements.add("ALTER TABLE " + target + " ADD CONSTRAINT "
						+ LockedDdl.quote(constraint.name()) + " " + constraint.definition());
			}
		}
		for (TableCatalog.Index index : this.catalog.indexes(source)) {
			if (index.name().equals(names.idCreatedAtIndex())) {
				continue;
			}
			if (index.unique()) {
				throw new PartitionException("unique index " + index.name() + " of " + source
						+ " cannot be kept on a partitioned table unless it includes \"createdAt\"");
			}
			statements.add(index.on(ConversionNames.building(index.name()), names.building()));
		}
		for (TableCatalog.Grant grant : this.catalog.grants(source)) {
			statements.add("GRANT " + grant.privilege() + " ON " + target + " TO " + grant.grantee());
		}
		statements.add("ALTER TABLE " + target + " OWNER TO " + this.catalog.owner(source));
		return statements;
	}

}
