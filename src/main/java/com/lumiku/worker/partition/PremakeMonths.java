package com.lumiku.worker.partition;

import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps {@code premakeMonths} months beyond the current one partitioned, so an insert
 * never lands outside a partition (there is no default partition to catch it). A month is
 * created as a plain table and then attached, which locks the parent only in SHARE UPDATE
 * EXCLUSIVE mode (the app's inserts go on), under {@code lock_timeout} with retries.
 */
final class PremakeMonths {

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	private final int premakeMonths;

	PremakeMonths(JdbcTemplate jdbc, LockedDdl ddl, int premakeMonths) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.premakeMonths = premakeMonths;
	}

	int premakeMonths() {
		return this.premakeMonths;
	}

	/**
	 * Premakes the months after the newest partition of a converted table.
	 * @return the partitions created
	 */
	List<String> premake(ArchivedTable table, YearMonth current) {
		List<PartitionBounds.Partition> partitions = new PartitionBounds(this.jdbc).of(table.tableName());
		if (partitions.isEmpty()) {
			throw new PartitionException(table.tableName() + " has no partition to premake after");
		}
		YearMonth first = Months.of(partitions.get(partitions.size() - 1).to());
		return premake(table, table.tableName(), first, current);
	}

	/**
	 * Creates the monthly partitions of {@code parent} from {@code first} through
	 * {@code current} plus the premade months, those that do not exist yet.
	 */
	List<String> premake(ArchivedTable table, String parent, YearMonth first, YearMonth current) {
		List<String> created = new ArrayList<>();
		for (YearMonth month = first; !month.isAfter(current.plusMonths(this.premakeMonths)); month = month
			.plusMonths(1)) {
			String name = Months.partitionName(table.tableName(), month);
			if (new TableCatalog(this.jdbc).exists(name)) {
				continue;
			}
			this.ddl.inTransaction("premake " + name,
					List.of("CREATE TABLE " + LockedDdl.quote(name) + " (LIKE " + LockedDdl.quote(parent)
							+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING GENERATED)",
							"ALTER TABLE " + LockedDdl.quote(parent) + " ATTACH PARTITION " + LockedDdl.quote(name)
									+ " FOR VALUES FROM ('" + Timestamp.valueOf(Months.start(month)) + "') TO ('"
									+ Timestamp.valueOf(Months.start(month.plusMonths(1))) + "')"));
			created.add(name);
		}
		return created;
	}

}
