package com.lumiku.worker.partition;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operator's actions ({@code partitions convert|rollback|status},
 * {@code archive list|restore}), for the command line.
 */
public class PartitionOperations {

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	private final PremakeMonths premake;

	private final ArchiveFiles files;

	private final Clock clock;

	private final StepHook hook;

	public PartitionOperations(DataSource dataSource, PartitionProperties properties, Clock clock) {
		this(dataSource, properties, clock, StepHook.fromEnvironment());
	}

	PartitionOperations(DataSource dataSource, PartitionProperties properties, Clock clock, StepHook hook) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.ddl = new LockedDdl(dataSource, properties.lockTimeout(), properties.lockRetries());
		this.premake = new PremakeMonths(this.jdbc, this.ddl, properties.premakeMonths());
		this.files = new ArchiveFiles(dataSource);
		this.clock = clock;
		this.hook = hook;
	}

	public List<String> convert(String table, boolean dryRun) {
		return convert(ArchivedTable.named(table), dryRun, Optional.empty());
	}

	List<String> convert(ArchivedTable table, boolean dryRun, Optional<String> failAfter) {
		ConvertTable convert = new ConvertTable(this.jdbc, this.ddl, this.premake, this.clock, this.hook);
		return dryRun ? convert.plan(table) : convert.convert(table, failAfter);
	}

	public List<String> rollback(String table) {
		return new RollbackConversion(this.jdbc, this.ddl).rollback(ArchivedTable.named(table));
	}

	/** One line per table: conversion state and partitions. */
	public List<String> status() {
		PartitionBounds bounds = new PartitionBounds(this.jdbc);
		ConversionState states = new ConversionState(this.jdbc);
		TableCatalog catalog = new TableCatalog(this.jdbc);
		return ArchivedTable.partitionedTables().stream().map((table) -> {
			String state = states.find(table).map(ConversionState.Row::state).orElse("not converted");
			List<String> partitions = catalog.isPartitioned(table.tableName())
					? bounds.of(table.tableName()).stream().map(PartitionBounds.Partition::name).toList() : List.of();
			return table.tableName() + "\t" + state + "\t" + partitions.size() + " partitions\t"
					+ String.join(", ", partitions);
		}).toList();
	}

	/** The archive catalogue, one line per archive. */
	public List<String> list() {
		return new ArchiveCatalogue(this.jdbc).all()
			.stream()
			.map((e) -> String.join("\t", String.valueOf(e.id()), e.table(), e.label(), e.kind(), e.state(),
					String.valueOf(e.rows()), String.valueOf(e.fileBytes()), String.valueOf(e.checksum()),
					e.file().map(Object::toString).orElse("-")))
			.toList();
	}

	public String restore(String table, String month) {
		String label = month.equals("legacy") ? month : Months.label(Months.parse(month));
		ArchiveCatalogue.Entry entry = new RestoreArchive(this.jdbc, this.ddl, this.files)
			.restore(ArchivedTable.named(table), label);
		return "restored " + table + " " + label + " (archive " + entry.id() + "): " + entry.rows() + " rows, sha256 "
				+ entry.checksum() + " identical to the archive";
	}

}
