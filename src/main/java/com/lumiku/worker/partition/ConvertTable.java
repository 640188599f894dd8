package com.lumiku.worker.partition;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code partitions convert TABLE}: turns a plain table into one range-partitioned by
 * month on {@code "createdAt"}, online. The old table becomes the partition
 * {@code TABLE_legacy} for everything before {@code legacy_upper} (so no row moves), new
 * months get their own partitions. Each step is a recorded state
 * ({@code lumiku_worker.partition_conversion}), and a crash at any step resumes from it:
 *
 * <ol>
 * <li>{@code planned}: the legacy range's upper bound is chosen: the first month that
 * starts at least 7 days from now, so the app's inserts still fit the old table until the
 * swap;</li>
 * <li>{@code indexed}: a unique index on {@code (id, "createdAt")} is built CONCURRENTLY
 * on the old table (it becomes the legacy partition's primary key);</li>
 * <li>{@code checked}: a CHECK {@code "createdAt" < legacy_upper} is added NOT VALID and
 * then validated (no lock that blocks inserts), so ATTACH needs no scan;</li>
 * <li>{@code built}: the partitioned table is built beside it with every index,
 * constraint and grant of the old table, and its future months premade;</li>
 * <li>{@code converted}: one short transaction under {@code lock_timeout} (retried)
 * renames both tables, moves the index names, re-creates the old table's triggers and
 * dependent views on the new parent and attaches the old table.</li>
 * </ol>
 */
final class ConvertTable {

	private static final Logger logger = LoggerFactory.getLogger(ConvertTable.class);

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	private final TableCatalog catalog;

	private final ConversionState states;

	private final PremakeMonths premake;

	private final Clock clock;

	private final StepHook hook;

	ConvertTable(JdbcTemplate jdbc, LockedDdl ddl, PremakeMonths premake, Clock clock, StepHook hook) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.catalog = new TableCatalog(jdbc);
		this.states = new ConversionState(jdbc);
		this.premake = premake;
		this.clock = clock;
		this.hook = hook;
	}

	/**
	 * Runs (or resumes) the conversion to its end.
	 * @param table the table
	 * @param failAfter a test hook: stop with an exception once this state is recorded
	 * @return the steps done, one line each
	 */
	List<String> convert(ArchivedTable table, Optional<String> failAfter) {
		requirePartitionable(table);
		ConversionNames names = new ConversionNames(table.tableName());
		List<String> done = new ArrayList<>();
		String state = this.states.find(table).map(ConversionState.Row::state).orElse("none");
		if (state.equals("converted")) {
			done.add(table.tableName() + " is already partitioned (state converted); nothing to do");
			return done;
		}
		if (state.equals("none") || state.equals("rolled_back")) {
			LocalDateTime upper = legacyUpper();
			this.states.start(table, upper);
			done.add("planned: " + names.legacy() + " will hold every row before " + upper);
			state = checkpoint(table, "planned", failAfter);
		}
		LocalDateTime upper = this.states.find(table).orElseThrow().legacyUpper();
		if (state.equals("planned")) {
			buildIdIndex(names);
			this.states.advance(table, "planned", "indexed");
			done.add("indexed: unique index " + names.idCreatedAtIndex() + " built concurrently");
			state = checkpoint(table, "indexed", failAfter);
		}
		if (state.equals("indexed")) {
			addLegacyRange(names, upper);
			this.states.advance(table, "indexed", "checked");
			done.add("checked: " + names.legacyRange() + " validated");
			state = checkpoint(table, "checked", failAfter);
		}
		if (state.equals("checked")) {
			new BuildPartitionedTable(this.jdbc, this.ddl, this.catalog).build(names);
			this.premake.premake(table, names.building(), Months.of(upper), Months.of(now()));
			this.states.advance(table, "checked", "built");
			done.add("built: " + names.building() + " with the indexes, constraints and grants of " + names.table());
			state = checkpoint(table, "built", failAfter);
		}
		if (state.equals("built")) {
			new SwapTables(this.ddl).swap(names, upper, this.states);
			done.add("converted: " + names.table() + " is partitioned; " + names.legacy() + " holds rows before "
					+ upper);
		}
		logger.info("Converted {}: {}", table.tableName(), done);
		return done;
	}

	/** The plan of a conversion, printed by {@code --dry-run}; changes nothing. */
	List<String> plan(ArchivedTable table) {
		requirePartitionable(table);
		ConversionNames names = new ConversionNames(table.tableName());
		String state = this.states.find(table).map(ConversionState.Row::state).orElse("none");
		LocalDateTime upper = this.states.find(table)
			.filter((row) -> !row.state().equals("rolled_back"))
			.map(ConversionState.Row::legacyUpper)
			.orElseGet(this::legacyUpper);
		List<String> plan = new ArrayList<>();
		plan.add("table " + names.table() + ": conversion state " + state);
		plan.add("1 planned: the old table becomes partition " + names.legacy() + " FOR VALUES FROM (MINVALUE) TO ('"
				+ upper + "')");
		plan.add("2 indexed: CREATE UNIQUE INDEX CONCURRENTLY " + names.idCreatedAtIndex() + " ON " + names.table()
				+ " (id, \"createdAt\")");
		plan.add("3 checked: ADD CONSTRAINT " + names.legacyRange() + " CHECK (\"createdAt\" < '" + upper
				+ "') NOT VALID, then VALIDATE");
		plan.add("4 built: CREATE TABLE " + names.building() + " PARTITION BY RANGE (\"createdAt\") with:");
		new BuildPartitionedTable(this.jdbc, this.ddl, this.catalog).statements(names)
			.forEach((sql) -> plan.add("    " + sql));
		plan.add("    monthly partitions " + Months.label(Months.of(upper)) + " .. "
				+ Months.label(Months.of(now()).plusMonths(this.premake.premakeMonths())));
		plan.add("5 converted: one transaction under lock_timeout: rename " + names.table() + " -> " + names.legacy()
				+ ", " + names.building() + " -> " + names.table()
				+ ", move index names, primary key (id, \"createdAt\")," + " re-create triggers "
				+ this.catalog.triggers(names.table()).stream().map(TableCatalog.Trigger::name).toList() + " and views "
				+ this.catalog.views(names.table()).stream().map(TableCatalog.View::name).toList() + ", ATTACH "
				+ names.legacy());
		return plan;
	}

	private void requirePartitionable(ArchivedTable table) {
		if (!table.partitioned()) {
			throw new IllegalArgumentException(table.tableName()
					+ " is not converted to partitions: its finished rows are archived month by month instead;"
					+ " convertible: "
					+ ArchivedTable.partitionedTables().stream().map(ArchivedTable::tableName).toList());
		}
		List<String> referencing = this.jdbc.queryForList(
				"SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint WHERE contype = 'f'"
						+ " AND confrelid = to_regclass(quote_ident(?)) AND conrelid <> confrelid",
				String.class, table.tableName());
		if (!referencing.isEmpty() && !this.catalog.isPartitioned(table.tableName())) {
			throw new PartitionException("foreign keys " + referencing + " reference " + table.tableName()
					+ " by its primary key (id), which a partitioned table cannot keep: drop them first");
		}
		List<TableCatalog.View> materialized = this.catalog.views(table.tableName())
			.stream()
			.filter(TableCatalog.View::materialized)
			.toList();
		if (!materialized.isEmpty() && !this.catalog.isPartitioned(table.tableName())) {
			throw new PartitionException(
					"materialized views " + materialized.stream().map(TableCatalog.View::name).toList() + " read "
							+ table.tableName() + " and cannot follow it to the partitioned table:"
							+ " drop them before the conversion and create them again after it");
		}
	}

	private void buildIdIndex(ConversionNames names) {
		String index = names.idCreatedAtIndex();
		if (this.catalog.exists(index) && !this.catalog.indexIsValid(index)) {
			this.ddl.outsideTransaction("drop the invalid index " + index + " left by a crash",
					"DROP INDEX CONCURRENTLY IF EXISTS " + LockedDdl.quote(index));
		}
		this.ddl.outsideTransaction("build " + index, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
				+ LockedDdl.quote(index) + " ON " + LockedDdl.quote(names.table()) + " (id, \"createdAt\")");
	}

	private void addLegacyRange(ConversionNames names, LocalDateTime upper) {
		if (!this.catalog.constraintExists(names.table(), names.legacyRange())) {
			this.ddl.inTransaction("add " + names.legacyRange(),
					List.of("ALTER TABLE " + LockedDdl.quote(names.table()) + " ADD CONSTRAINT "
							+ LockedDdl.quote(names.legacyRange()) + " CHECK (\"createdAt\" < '"
							+ Timestamp.valueOf(upper) + "'::timestamp) NOT VALID"));
		}
		this.ddl.outsideTransaction("validate " + names.legacyRange(), "ALTER TABLE " + LockedDdl.quote(names.table())
				+ " VALIDATE CONSTRAINT " + LockedDdl.quote(names.legacyRange()));
	}

	private String checkpoint(ArchivedTable table, String state, Optional<String> failAfter) {
		this.hook.recorded(table.tableName(), state);
		if (failAfter.filter(state::equals).isPresent()) {
			throw new PartitionException(
					"injected failure after conversion step " + state + " of " + table.tableName());
		}
		return state;
	}

	private LocalDateTime legacyUpper() {
		LocalDateTime now = now();
		YearMonth next = Months.of(now).plusMonths(1);
		return Months.start(Months.start(next).isBefore(now.plusDays(7)) ? next.plusMonths(1) : next);
	}

	private LocalDateTime now() {
		return LocalDateTime.now(this.clock);
	}

	static void run(Connection connection, List<String> statements) throws SQLException {
		LockedDdl.execute(connection, statements);
	}

}
