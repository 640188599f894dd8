package com.lumiku.worker.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@code partition-maintenance} does, table by table: premake future months, resume
 * any unfinished archive, then archive each month past the table's retention, oldest
 * first. One process at a time works on a table (a session advisory lock per table; a
 * second process skips the table and says so), and every step is also a compare-and-set
 * in the catalogue, so a step is never done twice. A table that fails is reported and the
 * others still run.
 */
public final class PartitionMaintenance {

	/** What a run did or (dry run) would do, one line per action, and what failed. */
	public record Report(List<String> lines, List<String> failures) {
	}

	private static final Logger logger = LoggerFactory.getLogger(PartitionMaintenance.class);

	private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('lumiku-partition-maintenance'), hashtext(?))";

	private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('lumiku-partition-maintenance'), hashtext(?))";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PartitionProperties properties;

	private final Clock clock;

	private final PremakeMonths premake;

	private final ArchivePartition archivePartition;

	private final ArchiveRows archiveRows;

	private final ArchiveCatalogue catalogue;

	public PartitionMaintenance(DataSource dataSource, PartitionProperties properties, PartitionMetrics metrics,
			Clock clock) {
		this(dataSource, properties, metrics, clock, StepHook.fromEnvironment());
	}

	PartitionMaintenance(DataSource dataSource, PartitionProperties properties, PartitionMetrics metrics, Clock clock,
			StepHook hook) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.properties = properties;
		this.clock = clock;
		LockedDdl ddl = new LockedDdl(dataSource, properties.lockTimeout(), properties.lockRetries());
		ArchiveFiles files = new ArchiveFiles(dataSource);
		this.premake = new PremakeMonths(this.jdbc, ddl, properties.premakeMonths());
		this.archivePartition = new ArchivePartition(this.jdbc, ddl, files, properties.archiveDirectory(), metrics,
				hook);
		this.archiveRows = new ArchiveRows(this.jdbc, files, properties.archiveDirectory(),
				properties.deleteBatchSize(), metrics, hook);
		this.catalogue = new ArchiveCatalogue(this.jdbc);
	}

	public Report run(boolean dryRun) {
		List<String> lines = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (ArchivedTable table : ArchivedTable.values()) {
			try {
				Optional<List<String>> done = whileLocked(table, () -> maintain(table, dryRun));
				if (done.isEmpty()) {
					String skipped = table.tableName() + ": skipped, another process is maintaining it now";
					// worth a warning: the job guard normally keeps runs from overlapping
					logger.warn("{}", skipped);
					lines.add(skipped);
				}
				else {
					lines.addAll(done.get());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("partition-maintenance of {} failed: {}", table.tableName(), ex.getMessage());
				failures.add(table.tableName() + ": " + ex.getMessage());
			}
		}
		return new Report(lines, failures);
	}

	private List<String> maintain(ArchivedTable table, boolean dryRun) {
		List<String> lines = new ArrayList<>();
		YearMonth current = YearMonth.from(LocalDateTime.now(this.clock));
		Integer retention = this.properties.retentionMonths().get(table.tableName());
		LocalDateTime cutoff = Months.start(current.minusMonths((retention != null) ? retention : 0));
		boolean partitioned = new TableCatalog(this.jdbc).isPartitioned(table.tableName());
		if (table.partitioned() && !partitioned) {
			lines.add(table.tableName() + ": not partitioned yet (lumiku-worker partitions convert " + table.tableName()
					+ "); nothing to do");
			return lines;
		}
		if (partitioned) {
			lines.addAll(premake(table, current, dryRun));
		}
		for (ArchiveCatalogue.Entry open : unfinished(table)) {
			lines.add(table.tableName() + " " + open.label() + ": " + (dryRun ? "would resume" : "resumed")
					+ " archive " + open.id() + " from state " + open.state());
			if (!dryRun) {
				resume(table, open);
			}
		}
		if (retention == null) {
			return lines;
		}
		if (partitioned) {
			for (PartitionBounds.Partition partition : new PartitionBounds(this.jdbc).of(table.tableName())) {
				if (!partition.to().isAfter(cutoff)) {
					lines.add(table.tableName() + ": " + (dryRun ? "would archive " : "archived ") + partition.name()
							+ " (before " + cutoff.toLocalDate() + ", retention " + retention + " months)"
							+ (dryRun ? "" : describe(this.archivePartition.archive(table, partition))));
				}
			}
		}
		else {
			for (YearMonth month : monthsWithRows(table, cutoff)) {
				if (this.archiveRows.hasWork(table, month)) {
					lines.add(table.tableName() + ": " + (dryRun ? "would archive " : "archived ") + "finished rows of "
							+ Months.label(month) + (dryRun ? "" : describe(this.archiveRows.archive(table, month))));
				}
			}
		}
		return lines;
	}

	private List<String> premake(ArchivedTable table, YearMonth current, boolean dryRun) {
		if (dryRun) {
			List<PartitionBounds.Partition> partitions = new PartitionBounds(this.jdbc).of(table.tableName());
			YearMonth next = Months.of(partitions.get(partitions.size() - 1).to());
			YearMonth last = current.plusMonths(this.premake.premakeMonths());
			return next.isAfter(last) ? List.of() : List
				.of(table.tableName() + ": would premake " + Months.label(next) + " .. " + Months.label(last));
		}
		return this.premake.premake(table, current)
			.stream()
			.map((name) -> table.tableName() + ": premade " + name)
			.toList();
	}

	private void resume(ArchivedTable table, ArchiveCatalogue.Entry open) {
		if (open.kind().equals("partition")) {
			this.archivePartition.resume(table, open);
		}
		else {
			this.archiveRows.archive(table, YearMonth.from(open.rangeStart().orElseThrow()));
		}
	}

	private List<ArchiveCatalogue.Entry> unfinished(ArchivedTable table) {
		return this.catalogue.all()
			.stream()
			.filter((entry) -> entry.table().equals(table.tableName()))
			.filter((entry) -> !entry.state().equals("dropped") && !entry.state().equals("restored"))
			.toList();
	}

	private List<YearMonth> monthsWithRows(ArchivedTable table, LocalDateTime cutoff) {
		Timestamp oldest = this.jdbc.queryForObject("SELECT min(\"createdAt\") FROM "
				+ LockedDdl.quote(table.tableName()) + " WHERE " + table.rowFilter() + " AND \"createdAt\" < ?",
				Timestamp.class, Timestamp.valueOf(cutoff));
		List<YearMonth> months = new ArrayList<>();
		if (oldest != null) {
			for (YearMonth month = YearMonth.from(oldest.toLocalDateTime()); Months.start(month.plusMonths(1))
				.compareTo(cutoff) <= 0; month = month.plusMonths(1)) {
				months.add(month);
			}
		}
		return months;
	}

	private static String describe(ArchiveCatalogue.Entry entry) {
		return ": " + entry.rows() + " rows, " + entry.fileBytes() + " bytes, sha256 " + entry.checksum() + " -> "
				+ entry.file().map(Object::toString).orElse("?");
	}

	private <T> Optional<T> whileLocked(ArchivedTable table, java.util.function.Supplier<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!tryLock(connection, table)) {
				return Optional.empty();
			}
			try {
				return Optional.of(work.get());
			}
			finally {
				try (PreparedStatement unlock = connection.prepareStatement(UNLOCK)) {
					unlock.setString(1, table.tableName());
					unlock.execute();
				}
			}
		}
		catch (SQLException ex) {
			throw new PartitionException("cannot take the maintenance lock of " + table.tableName() + ": " + ex, ex);
		}
	}

	private static boolean tryLock(Connection connection, ArchivedTable table) throws SQLException {
		try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK)) {
			lock.setString(1, table.tableName());
			try (ResultSet rs = lock.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}

}
