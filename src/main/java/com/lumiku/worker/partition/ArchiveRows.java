package com.lumiku.worker.partition;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archives the finished rows of one month of a plain table (the generation tables):
 * {@code started} -> {@code selected} (the ids are chosen once, in one snapshot, into
 * {@code lumiku_worker.archive_row}) -> {@code exported} -> {@code verified} ->
 * {@code dropped} (deleted in batches, each its own transaction). A row that other rows
 * reference through a foreign key (looping flow's audio layers) is not taken: deleting it
 * would cascade to rows no archive holds.
 */
final class ArchiveRows {

	private static final String CHILD_KEYS = """
			SELECT c.conrelid::regclass::text AS child, quote_ident(a.attname) AS child_column
			FROM pg_constraint c
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
			WHERE c.contype = 'f' AND c.confrelid = to_regclass(quote_ident(?)) AND array_length(c.conkey, 1) = 1
			""";

	private final JdbcTemplate jdbc;

	private final ArchiveFiles files;

	private final ArchiveCatalogue catalogue;

	private final Path directory;

	private final int batchSize;

	private final PartitionMetrics metrics;

	private final StepHook hook;

	ArchiveRows(JdbcTemplate jdbc, ArchiveFiles files, Path directory, int batchSize, PartitionMetrics metrics,
			StepHook hook) {
		this.jdbc = jdbc;
		this.files = files;
		this.catalogue = new ArchiveCatalogue(jdbc);
		this.directory = directory;
		this.batchSize = batchSize;
		this.metrics = metrics;
		this.hook = hook;
	}

	/** Whether a month has rows to archive (or an archive to resume). */
	boolean hasWork(ArchivedTable table, YearMonth month) {
		if (this.catalogue.open(table.tableName(), Months.label(month))
			.filter((e) -> !e.state().equals("dropped"))
			.isPresent()) {
			return true;
		}
		return this.catalogue.open(table.tableName(), Months.label(month)).isEmpty()
				&& Boolean.TRUE.equals(this.jdbc.queryForObject(
						"SELECT EXISTS (SELECT 1 FROM " + LockedDdl.quote(table.tableName()) + " WHERE "
								+ predicate(table) + ")",
						Boolean.class, Timestamp.valueOf(Months.start(month)),
						Timestamp.valueOf(Months.start(month.plusMonths(1)))));
	}

	ArchiveCatalogue.Entry archive(ArchivedTable table, YearMonth month) {
		ArchiveCatalogue.Entry entry = this.catalogue.open(table.tableName(), Months.label(month))
			.orElseGet(() -> this.catalogue.start(table.tableName(), Months.label(month), "rows", table.tableName(),
					java.util.Optional.of(Months.start(month)), Months.start(month.plusMonths(1)), table.rowFilter(),
					this.catalogue.columns(table.tableName())));
		while (!entry.state().equals("dropped")) {
			switch (entry.state()) {
				case "started" -> select(table, entry);
				case "selected" -> export(entry);
				case "exported" -> verify(table, entry);
				case "verified" -> delete(table, entry);
				default -> throw new PartitionException(
						"archive " + entry.id() + " of " + entry.table() + " is in state " + entry.state());
			}
			entry = this.catalogue.find(entry.id()).orElseThrow();
			this.hook.recorded(table.tableName(), entry.state());
		}
		return entry;
	}

	private void select(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		this.jdbc.execute((java.sql.Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement pick = connection
				.prepareStatement("INSERT INTO lumiku_worker.archive_row (archive_id, row_id) SELECT ?, id FROM "
						+ LockedDdl.quote(table.tableName()) + " WHERE " + predicate(table)
						+ " ON CONFLICT DO NOTHING");
					PreparedStatement advance = connection
						.prepareStatement("UPDATE lumiku_worker.archive SET state = 'selected', updated_at = now()"
								+ " WHERE id = ? AND state = 'started'")) {
				pick.setLong(1, entry.id());
				pick.setTimestamp(2, Timestamp.valueOf(entry.rangeStart().orElseThrow()));
				pick.setTimestamp(3, Timestamp.valueOf(entry.rangeEnd()));
				pick.executeUpdate();
				advance.setLong(1, entry.id());
				advance.executeUpdate();
				connection.commit();
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(autoCommit);
			}
			return null;
		});
	}

	private void export(ArchiveCatalogue.Entry entry) {
		Path file = this.directory.resolve(entry.table())
			.resolve(entry.table() + "_" + entry.label() + "_" + entry.id() + ".copy.gz")
			.toAbsolutePath();
		this.catalogue.exported(entry, file,
				this.files.export(copyQuery(entry), file,
						this.hook.wantsProgress()
								? (rows, output) -> this.hook.progress(entry.table(), StepHook.EXPORTING, rows, output)
								: ArchiveFiles.Progress.NONE));
	}

	private void verify(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		Path file = entry.file().orElseThrow();
		String problem;
		try {
			ArchiveFiles.Fingerprint read = this.files.read(file);
			ArchiveFiles.Fingerprint source = this.files.ofQuery(copyQuery(entry));
			problem = !read.sameRows(entry.fingerprint())
					? "file " + file + " reads back as " + read.rows() + " rows, sha256 " + read.sha256()
							+ "; written: " + entry.rows() + ", " + entry.checksum()
					: !source.sameRows(entry.fingerprint())
							? "the selected rows changed since the export: " + source.rows() + " rows now" : null;
		}
		catch (PartitionException ex) {
			problem = ex.getMessage();
		}
		if (problem != null) {
			this.catalogue.verifyFailed(entry, "selected", problem);
			this.metrics.verifyFailed(table.tableName());
			throw new PartitionException("archive " + entry.id() + " of " + entry.table() + " " + entry.label()
					+ " did not verify; no row is deleted (exported again on the next run): " + problem);
		}
		this.catalogue.advance(entry, "verified");
	}

	private void delete(ArchivedTable table, ArchiveCatalogue.Entry entry) {
		String delete = """
				WITH batch AS (
				    SELECT row_id FROM lumiku_worker.archive_row WHERE archive_id = ? ORDER BY row_id LIMIT ?
				), gone AS (
				    DELETE FROM %s t USING batch WHERE t.id = batch.row_id
				)
				DELETE FROM lumiku_worker.archive_row r USING batch WHERE r.archive_id = ? AND r.row_id = batch.row_id
				""".formatted(LockedDdl.quote(table.tableName()));
		long deleted = 0;
		for (int batch = this.jdbc.update(delete, entry.id(), this.batchSize, entry.id()); batch > 0; batch = this.jdbc
			.update(delete, entry.id(), this.batchSize, entry.id())) {
			// each batch commits on its own: the app's writes to other rows go on between
			// them, and a crash between batches resumes with the ids still listed
			deleted += batch;
			this.hook.progress(table.tableName(), StepHook.DELETING, deleted, null);
		}
		this.catalogue.advance(entry, "dropped");
		this.metrics.archived(table.tableName(), entry.rows(), entry.fileBytes());
	}

	private String predicate(ArchivedTable table) {
		List<Map<String, Object>> children = this.jdbc.queryForList(CHILD_KEYS, table.tableName());
		String noChildren = children.stream()
			.map((child) -> " AND NOT EXISTS (SELECT 1 FROM " + child.get("child") + " c WHERE c."
					+ child.get("child_column") + " = " + LockedDdl.quote(table.tableName()) + ".id)")
			.collect(Collectors.joining());
		return table.rowFilter() + " AND \"createdAt\" >= ? AND \"createdAt\" < ?" + noChildren;
	}

	/**
	 * The archived rows, by id. While an archive is being made its ids are in
	 * archive_row; the rows stay in the table until the delete step.
	 */
	static String copyQuery(ArchiveCatalogue.Entry entry) {
		return "SELECT " + entry.columns() + " FROM " + LockedDdl.quote(entry.table())
				+ " WHERE id IN (SELECT row_id FROM lumiku_worker.archive_row WHERE archive_id = " + entry.id()
				+ ") ORDER BY id";
	}

}
