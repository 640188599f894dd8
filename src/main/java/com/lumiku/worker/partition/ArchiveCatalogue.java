package com.lumiku.worker.partition;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The archive catalogue ({@code lumiku_worker.archive}): one row per archived month and
 * the state it has reached. Every state change is a compare-and-set on the previous
 * state, so two processes never both record a step.
 */
final class ArchiveCatalogue {

	/**
	 * One archive.
	 *
	 * @param id catalogue id
	 * @param table the table archived
	 * @param label its month (YYYY-MM) or {@code legacy}
	 * @param kind {@code partition} (a detached partition) or {@code rows} (rows deleted)
	 * @param state how far it got
	 * @param partitionName the partition (or for rows, the table)
	 * @param rangeStart inclusive lower bound of "createdAt" (empty: no lower bound)
	 * @param rangeEnd exclusive upper bound
	 * @param columns the column list, in the file's order
	 * @param file the archive file, once exported
	 * @param rows rows in the file
	 * @param checksum SHA-256 of the uncompressed file
	 * @param fileBytes size on disk
	 * @param archivedAt when it was dropped
	 */
	record Entry(long id, String table, String label, String kind, String state, String partitionName,
			Optional<LocalDateTime> rangeStart, LocalDateTime rangeEnd, String columns, Optional<Path> file, long rows,
			String checksum, long fileBytes, Optional<LocalDateTime> archivedAt) {

		ArchiveFiles.Fingerprint fingerprint() {
			return new ArchiveFiles.Fingerprint(this.rows, this.checksum, this.fileBytes);
		}

	}

	private static final String SELECT = """
			SELECT id, table_name, label, kind, state, partition_name, range_start, range_end, columns, file_path,
			       coalesce(row_count, 0) AS row_count, checksum, coalesce(file_bytes, 0) AS file_bytes,
			       archived_at AT TIME ZONE 'UTC' AS archived_at
			FROM lumiku_worker.archive
			""";

	private static final String START = """
			INSERT INTO lumiku_worker.archive (table_name, label, kind, state, partition_name, range_start, range_end,
			                                   row_filter, columns)
			VALUES (?, ?, ?, 'started', ?, ?, ?, ?, ?)
			ON CONFLICT (table_name, label) WHERE state <> 'restored' DO NOTHING
			""";

	private static final String ADVANCE = """
			UPDATE lumiku_worker.archive SET state = ?, updated_at = now(), last_error = NULL,
			    archived_at = CASE WHEN ? = 'dropped' THEN now() ELSE archived_at END,
			    restored_at = CASE WHEN ? = 'restored' THEN now() ELSE restored_at END
			WHERE id = ? AND state = ?
			""";

	private static final String EXPORTED = """
			UPDATE lumiku_worker.archive SET state = 'exported', updated_at = now(), file_path = ?, row_count = ?,
			    checksum = ?, file_bytes = ?
			WHERE id = ? AND state = ?
			""";

	private static final String FAILED_VERIFY = """
			UPDATE lumiku_worker.archive SET state = ?, updated_at = now(), last_error = ? WHERE id = ? AND state = 'exported'
			""";

	private final JdbcTemplate jdbc;

	ArchiveCatalogue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Entry> open(String table, String label) {
		return this.jdbc
			.query(SELECT + " WHERE table_name = ? AND label = ? AND state <> 'restored'", ArchiveCatalogue::entry,
					table, label)
			.stream()
			.findFirst();
	}

	Optional<Entry> find(long id) {
		return this.jdbc.query(SELECT + " WHERE id = ?", ArchiveCatalogue::entry, id).stream().findFirst();
	}

	List<Entry> all() {
		return this.jdbc.query(SELECT + " ORDER BY table_name, range_end, id", ArchiveCatalogue::entry);
	}

	Entry start(String table, String label, String kind, String partitionName, Optional<LocalDateTime> rangeStart,
			LocalDateTime rangeEnd, String rowFilter, String columns) {
		this.jdbc.update(START, table, label, kind, partitionName, rangeStart.map(Timestamp::valueOf).orElse(null),
				Timestamp.valueOf(rangeEnd), rowFilter, columns);
		return open(table, label).orElseThrow();
	}

	/** Records a step; false if another process recorded it first. */
	boolean advance(Entry entry, String to) {
		return this.jdbc.update(ADVANCE, to, to, to, entry.id(), entry.state()) == 1;
	}

	boolean exported(Entry entry, Path file, ArchiveFiles.Fingerprint fingerprint) {
		return this.jdbc.update(EXPORTED, file.toString(), fingerprint.rows(), fingerprint.sha256(),
				fingerprint.bytes(), entry.id(), entry.state()) == 1;
	}

	/**
	 * A file that did not verify: back to the step before the export, with the reason.
	 */
	void verifyFailed(Entry entry, String backTo, String reason) {
		this.jdbc.update(FAILED_VERIFY, backTo, reason, entry.id());
	}

	String columns(String table) {
		return this.jdbc.queryForObject("""
				SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
				WHERE attrelid = to_regclass(quote_ident(?)) AND attnum > 0 AND NOT attisdropped
				""", String.class, table);
	}

	private static Entry entry(ResultSet rs, int row) throws SQLException {
		Timestamp start = rs.getTimestamp("range_start");
		Timestamp archived = rs.getTimestamp("archived_at");
		return new Entry(rs.getLong("id"), rs.getString("table_name"), rs.getString("label"), rs.getString("kind"),
				rs.getString("state"), rs.getString("partition_name"),
				Optional.ofNullable(start).map(Timestamp::toLocalDateTime),
				rs.getTimestamp("range_end").toLocalDateTime(), rs.getString("columns"),
				Optional.ofNullable(rs.getString("file_path")).map(Path::of), rs.getLong("row_count"),
				rs.getString("checksum"), rs.getLong("file_bytes"),
				Optional.ofNullable(archived).map(Timestamp::toLocalDateTime));
	}

}
