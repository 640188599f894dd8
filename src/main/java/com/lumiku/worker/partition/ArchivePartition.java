package com.lumiku.worker.partition;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archives one partition past its table's retention: detach, export, verify, drop, each a
 * recorded state of its catalogue entry, resumed from wherever a crash left it.
 *
 * <p>
 * The detach is {@code CONCURRENTLY} (the app's inserts and reads go on) except for
 * {@code credits}: there the carried-forward rows ({@link #CARRY_FORWARD}) and the detach
 * must commit together so that no reader ever sees both or neither, and PostgreSQL does
 * not allow {@code DETACH ... CONCURRENTLY} in a transaction block; so credits use a
 * plain DETACH, which holds the parent's lock for milliseconds, under
 * {@code lock_timeout}.
 */
final class ArchivePartition {

	/**
	 * Per user of the month with a non-zero balance at its end: an opening-balance row at
	 * the first instant after the month, in the month that stays. The user's newest row
	 * keeps the same balance, and the ledger still chains from 0.
	 */
	static final String CARRY_FORWARD = """
			WITH newest AS (
			    SELECT DISTINCT ON ("userId") "userId", balance FROM %s ORDER BY "userId", "createdAt" DESC, id DESC
			), carried AS (
			    INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceId", "referenceType",
			                         "createdAt")
			    SELECT 'archive-' || ?::text || '-' || "userId", "userId", balance, balance, 'admin_grant',
			           'Opening balance: earlier credits are archived (' || ?::text || ')', ?::text, 'credit_archive', ?
			    FROM newest WHERE balance <> 0
			    RETURNING id, "userId", balance
			)
			INSERT INTO lumiku_worker.archive_carry_forward (archive_id, user_id, credit_id, balance)
			SELECT ?, "userId", id, balance FROM carried
			""";

	private final JdbcTemplate jdbc;

	private final LockedDdl ddl;

	private final ArchiveFiles files;

	private final ArchiveCatalogue catalogue;

	private final Path directory;

	private final PartitionMetrics metrics;

	private final StepHook hook;

	ArchivePartition(JdbcTemplate jdbc, LockedDdl ddl, ArchiveFiles files, Path directory, PartitionMetrics metrics,
			StepHook hook) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.files = files;
		this.catalogue = new ArchiveCatalogue(jdbc);
		this.directory = directory;
		this.metrics = metrics;
		this.hook = hook;
	}

	/** Runs or resumes the archive of a partition; returns its final entry. */
	ArchiveCatalogue.Entry archive(ArchivedTable table, PartitionBounds.Partition partition) {
		String label = partition.from().isEmpty() ? "legacy" : Months.label(Months.of(partition.from().get()));
		ArchiveCatalogue.Entry entry = this.catalogue.open(table.tableName(), label)
			.orElseGet(() -> this.catalogue.start(table.tableName(), label, "partition", partition.name(),
					partition.from(), partition.to(), null, this.catalogue.columns(table.tableName())));
		return resume(table, entry);
	}

	ArchiveCatalogue.Entry resume(ArchivedTable table, ArchiveCatalogue.Entry start) {
		ArchiveCatalogue.Entry entry = start;
		while (!entry.state().equals("dropped")) {
			switch (entry.state()) {
				case "started" -> detach(table, entry);
				case "detached" -> export(entry);
				case "exported" -> verify(table, entry);
				case "verified" -> drop(table, entry);
				default -> throw new PartitionException("archive " + entry.id() + " of " + entry.table()
						+ " is in state " + entry.state() + ", which partition archival does not resume");
			}
			entry = this.catalogue.find(entry.id()).orElseThrow();
			this.hook.recorded(table.tableName(), entry.state());
		}
		return entry;
	}

	private void detach(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		String parent = LockedDdl.quote(table.tableName());
		String partition = LockedDdl.quote(entry.partitionName());
		PartitionBounds.Partition attached = new PartitionBounds(this.jdbc).of(table.tableName())
			.stream()
			.filter((p) -> p.name().equals(entry.partitionName()))
			.findFirst()
			.orElse(null);
		if (table.isLedger()) {
			long[] lockedAt = { 0 };
			this.ddl.inTransaction("carry forward and detach " + entry.partitionName(), (connection) -> {
				if (attached != null) {
					try (PreparedStatement carry = connection.prepareStatement(CARRY_FORWARD.formatted(partition))) {
						carry.setLong(1, entry.id());
						carry.setString(2, entry.table() + " " + entry.label() + ", archive " + entry.id());
						carry.setString(3, String.valueOf(entry.id()));
						carry.setTimestamp(4, Timestamp.valueOf(entry.rangeEnd()));
						carry.setLong(5, entry.id());
						carry.executeUpdate();
					}
					lockedAt[0] = System.nanoTime();
					LockedDdl.execute(connection, List.of("ALTER TABLE " + parent + " DETACH PARTITION " + partition));
				}
				try (PreparedStatement advance = connection.prepareStatement(
						"UPDATE lumiku_worker.archive SET state = 'detached', updated_at = now(), carried_users ="
								+ " (SELECT count(*) FROM lumiku_worker.archive_carry_forward WHERE archive_id = ?)"
								+ " WHERE id = ? AND state = 'started'")) {
					advance.setLong(1, entry.id());
					advance.setLong(2, entry.id());
					advance.executeUpdate();
				}
				return null;
			});
			if (lockedAt[0] != 0) {
				this.hook.parentLocked(table.tableName(), java.time.Duration.ofNanos(System.nanoTime() - lockedAt[0]));
			}
			return;
		}
		if (attached != null) {
			this.ddl.outsideTransaction("detach " + entry.partitionName(), "ALTER TABLE " + parent
					+ " DETACH PARTITION " + partition + (attached.detachPending() ? " FINALIZE" : " CONCURRENTLY"));
		}
		this.catalogue.advance(entry, "detached");
	}

	private void export(ArchiveCatalogue.Entry entry) {
		Path file = this.directory.resolve(entry.table())
			.resolve(entry.table() + "_" + entry.label() + "_" + entry.id() + ".copy.gz")
			.toAbsolutePath();
		ArchiveFiles.Fingerprint written = this.files.export(copyQuery(entry), file,
				this.hook.wantsProgress()
						? (rows, output) -> this.hook.progress(entry.table(), StepHook.EXPORTING, rows, output)
						: ArchiveFiles.Progress.NONE);
		this.catalogue.exported(entry, file, written);
	}

	private void verify(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		Path file = entry.file().orElseThrow();
		String problem;
		try {
			// the table's fingerprint was taken from the COPY stream itself as it was
			// written
			// (row count and SHA-256 of exactly the bytes PostgreSQL sent); the file must
			// read back to it. A detached partition is no longer written through its
			// parent; that nothing wrote to it by name since is checked under the DROP's
			// lock.
			ArchiveFiles.Fingerprint read = this.files.read(file);
			problem = !read.sameRows(entry.fingerprint())
					? "file " + file + " reads back as " + read.rows() + " rows, sha256 " + read.sha256()
							+ "; written: " + entry.rows() + " rows, sha256 " + entry.checksum()
					: null;
		}
		catch (PartitionException ex) {
			problem = ex.getMessage();
		}
		if (problem != null) {
			this.catalogue.verifyFailed(entry, "detached", problem);
			this.metrics.verifyFailed(table.tableName());
			throw new PartitionException(
					"archive " + entry.id() + " of " + entry.table() + " " + entry.label() + " did not verify, so "
							+ entry.partitionName() + " is kept (exported again on the next run): " + problem);
		}
		this.catalogue.advance(entry, "verified");
	}

	private void drop(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		this.ddl.inTransaction("drop " + entry.partitionName(), (connection) -> {
			if (new TableCatalog(this.jdbc).exists(entry.partitionName())) {
				String partition = LockedDdl.quote(entry.partitionName());
				LockedDdl.execute(connection, List.of("LOCK TABLE " + partition + " IN ACCESS EXCLUSIVE MODE"));
				try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + partition);
						java.sql.ResultSet rows = count.executeQuery()) {
					rows.next();
					if (rows.getLong(1) != entry.rows()) {
						throw new PartitionException(entry.partitionName() + " holds " + rows.getLong(1)
								+ " rows, its verified archive " + entry.rows() + ": something wrote to the detached"
								+ " table since the export; it is kept (archive " + entry.id() + " stays verified)");
					}
				}
			}
			LockedDdl.execute(connection, List.of("DROP TABLE IF EXISTS " + LockedDdl.quote(entry.partitionName())));
			try (PreparedStatement advance = connection.prepareStatement(
					"UPDATE lumiku_worker.archive SET state = 'dropped', archived_at = now(), updated_at = now()"
							+ " WHERE id = ? AND state = 'verified'")) {
				advance.setLong(1, entry.id());
				advance.executeUpdate();
			}
			return null;
		});
		this.metrics.archived(table.tableName(), entry.rows(), entry.fileBytes());
	}

	static String copyQuery(ArchiveCatalogue.Entry entry) {
		return "SELECT " + entry.columns() + " FROM " + LockedDdl.quote(entry.partitionName())
				+ " ORDER BY id, \"createdAt\"";
	}

}
