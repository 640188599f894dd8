package com.lumiku.worker.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recorded step of each table's conversion
 * ({@code lumiku_worker.partition_conversion}).
 */
final class ConversionState {

	record Row(String table, String state, LocalDateTime legacyUpper) {
	}

	private static final String FIND = """
			SELECT table_name, state, legacy_upper FROM lumiku_worker.partition_conversion WHERE table_name = ?
			""";

	private static final String START = """
			INSERT INTO lumiku_worker.partition_conversion (table_name, state, legacy_upper) VALUES (?, 'planned', ?)
			ON CONFLICT (table_name) DO UPDATE SET state = 'planned', legacy_upper = excluded.legacy_upper,
			    started_at = now(), updated_at = now()
			WHERE partition_conversion.state = 'rolled_back'
			""";

	private static final String ADVANCE = """
			UPDATE lumiku_worker.partition_conversion SET state = ?, updated_at = now()
			WHERE table_name = ? AND state = ?
			""";

	private final JdbcTemplate jdbc;

	ConversionState(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(ArchivedTable table) {
		return this.jdbc
			.query(FIND, (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toLocalDateTime()),
					table.tableName())
			.stream()
			.findFirst();
	}

	void start(ArchivedTable table, LocalDateTime legacyUpper) {
		if (this.jdbc.update(START, table.tableName(), Timestamp.valueOf(legacyUpper)) != 1) {
			throw new PartitionException("conversion of " + table.tableName()
					+ " was started by another process at the same time; run the command again to resume it");
		}
	}

	void advance(ArchivedTable table, String from, String to) {
		if (this.jdbc.update(ADVANCE, to, table.tableName(), from) != 1) {
			throw conflict(table, from, to);
		}
	}

	/** The same, inside a DDL transaction, so the step and its state commit together. */
	static void advance(Connection connection, ArchivedTable table, String from, String to) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
			update.setString(1, to);
			update.setString(2, table.tableName());
			update.setString(3, from);
			if (update.executeUpdate() != 1) {
				throw conflict(table, from, to);
			}
		}
	}

	private static PartitionException conflict(ArchivedTable table, String from, String to) {
		return new PartitionException("conversion of " + table.tableName() + " is no longer in state " + from
				+ " (another process moved it on?); cannot record " + to);
	}

}
