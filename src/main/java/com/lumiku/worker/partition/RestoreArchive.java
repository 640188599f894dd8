package com.lumiku.worker.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code archive restore TABLE MONTH}: brings an archived month back, identical to what
 * left. The file is loaded (COPY FROM STDIN) into a new table (a partition's) or a
 * temporary one (rows), whose fingerprint must equal the catalogue's before anything is
 * attached or inserted; then, in one transaction, the partition is attached (or the rows
 * inserted) and the entry marked {@code restored}. For {@code credits} the same
 * transaction deletes the opening-balance rows that archive wrote, so the ledger chains
 * again; credits months come back newest first, the reverse of their archival.
 */
final class RestoreArchive {

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	private final ArchiveFiles files;

	private final ArchiveCatalogue catalogue;

	RestoreArchive(JdbcTemplate jdbc, LockedDdl ddl, ArchiveFiles files) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.files = files;
		this.catalogue = new ArchiveCatalogue(jdbc);
	}

	ArchiveCatalogue.Entry restore(ArchivedTable table, String label) {
		ArchiveCatalogue.Entry entry = this.catalogue.open(table.tableName(), label)
			.orElseThrow(() -> new IllegalArgumentException(
					"no archive of " + table.tableName() + " " + label + " to restore (see archive list)"));
		if (!entry.state().equals("dropped")) {
			throw new PartitionException(
					"archive " + entry.id() + " of " + table.tableName() + " " + label + " is in state " + entry.state()
							+ ": its data is still in the database; run partition-maintenance" + " to finish it first");
		}
		if (table.isLedger()) {
			requireNewestCreditsArchive(entry);
		}
		if (entry.kind().equals("partition")) {
			restorePartition(table, entry);
		}
		else {
			restoreRows(table, entry);
		}
		return this.catalogue.find(entry.id()).orElseThrow();
	}

	private void restorePartition(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		String partition = LockedDdl.quote(entry.partitionName());
		this.ddl.inTransaction("load " + entry.partitionName() + " from " + entry.file().orElseThrow(),
				(connection) -> {
					LockedDdl.execute(connection, List.of("DROP TABLE IF EXISTS " + partition, "CREATE TABLE "
							+ partition + " (LIKE " + LockedDdl.quote(table.tableName())
							+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING GENERATED)"));
					this.files.load(connection, "COPY " + partition + " (" + entry.columns() + ") FROM STDIN",
							entry.file().orElseThrow());
					requireIdentical(entry, this.files.ofQuery(connection, ArchivePartition.copyQuery(entry)));
					return null;
				});
		String bounds = " FOR VALUES FROM ("
				+ entry.rangeStart().map((s) -> "'" + Timestamp.valueOf(s) + "'").orElse("MINVALUE") + ") TO ('"
				+ Timestamp.valueOf(entry.rangeEnd()) + "')";
		this.ddl.inTransaction("attach " + entry.partitionName(), (connection) -> {
			LockedDdl.execute(connection, List
				.of("ALTER TABLE " + LockedDdl.quote(table.tableName()) + " ATTACH PARTITION " + partition + bounds));
			if (table.isLedger()) {
				removeCarriedRows(connection, entry);
			}
			markRestored(connection, entry);
			return null;
		});
	}

	private void restoreRows(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		this.ddl.inTransaction("restore rows of " + entry.table() + " " + entry.label(), (connection) -> {
			LockedDdl.execute(connection, List.of("CREATE TEMPORARY TABLE restored_rows (LIKE "
					+ LockedDdl.quote(table.tableName()) + " INCLUDING DEFAULTS) ON COMMIT DROP"));
			this.files.load(connection, "COPY restored_rows (" + entry.columns() + ") FROM STDIN",
					entry.file().orElseThrow());
			requireIdentical(entry,
					this.files.ofQuery(connection, "SELECT " + entry.columns() + " FROM restored_rows ORDER BY id"));
			LockedDdl.execute(connection, List.of("INSERT INTO " + LockedDdl.quote(table.tableName()) + " ("
					+ entry.columns() + ") SELECT " + entry.columns() + " FROM restored_rows"));
			markRestored(connection, entry);
			return null;
		});
	}

	private static void requireIdentical(ArchiveCatalogue.Entry entry, ArchiveFiles.Fingerprint loaded) {
		if (!loaded.sameRows(entry.fingerprint())) {
			throw new PartitionException("archive " + entry.id() + " of " + entry.table() + " " + entry.label()
					+ " loads as " + loaded.rows() + " rows, sha256 " + loaded.sha256() + "; the catalogue says "
					+ entry.rows() + " rows, sha256 " + entry.checksum() + ": nothing restored");
		}
	}

	private void requireNewestCreditsArchive(ArchiveCatalogue.Entry entry) {
		Long newer = this.jdbc.queryForObject("""
				SELECT count(*) FROM lumiku_worker.archive
				WHERE table_name = 'credits' AND state <> 'restored' AND range_end > ?
				""", Long.class, Timestamp.valueOf(entry.rangeEnd()));
		if (newer != null && newer > 0) {
			throw new PartitionException("credits " + entry.label() + " cannot come back before the " + newer
					+ " newer archived month(s) of credits: the ledger must stay contiguous; restore them first");
		}
	}

	private static void removeCarriedRows(Connection connection, ArchiveCatalogue.Entry entry) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement("""
				DELETE FROM credits c USING lumiku_worker.archive_carry_forward f
				WHERE f.archive_id = ? AND c.id = f.credit_id AND c."createdAt" = ?
				""")) {
			delete.setLong(1, entry.id());
			delete.setTimestamp(2, Timestamp.valueOf(entry.rangeEnd()));
			delete.executeUpdate();
		}
	}

	private static void markRestored(Connection connection, ArchiveCatalogue.Entry entry) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement(
				"UPDATE lumiku_worker.archive SET state = 'restored', restored_at = now(), updated_at = now()"
						+ " WHERE id = ? AND state = 'dropped'")) {
			update.setLong(1, entry.id());
			if (update.executeUpdate() != 1) {
				throw new PartitionException("archive " + entry.id() + " was restored by another process meanwhile");
			}
		}
	}

}
