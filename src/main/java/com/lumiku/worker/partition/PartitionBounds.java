package com.lumiku.worker.partition;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

/** The partitions of a partitioned table and their month ranges, from the catalog. */
final class PartitionBounds {

	/**
	 * One partition.
	 *
	 * @param name its table name
	 * @param from its lower bound (empty: MINVALUE)
	 * @param to its upper bound (exclusive)
	 * @param detachPending a {@code DETACH ... CONCURRENTLY} was interrupted
	 */
	record Partition(String name, Optional<LocalDateTime> from, LocalDateTime to, boolean detachPending) {
	}

	private static final String PARTITIONS = """
			SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, i.inhdetachpending AS pending
			FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = to_regclass(quote_ident(?))
			""";

	private static final Pattern RANGE = Pattern.compile("FOR VALUES FROM \\((MINVALUE|'[^']+')\\) TO \\('([^']+)'\\)");

	private final JdbcTemplate jdbc;

	PartitionBounds(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Oldest first; a partition without a monthly range (e.g. DEFAULT) is refused. */
	List<Partition> of(String table) {
		return this.jdbc
			.query(PARTITIONS, (rs, n) -> parse(rs.getString("name"), rs.getString("bound"), rs.getBoolean("pending")),
					table)
			.stream()
			.sorted((a, b) -> a.to().compareTo(b.to()))
			.toList();
	}

	private static Partition parse(String name, String bound, boolean pending) {
		Matcher matcher = RANGE.matcher(bound);
		if (!matcher.matches()) {
			throw new PartitionException("partition " + name + " has bound '" + bound
					+ "'; partition-maintenance manages range partitions only (no DEFAULT partition)");
		}
		Optional<LocalDateTime> from = matcher.group(1).equals("MINVALUE") ? Optional.empty()
				: Optional.of(timestamp(matcher.group(1).replace("'", "")));
		return new Partition(name, from, timestamp(matcher.group(2)), pending);
	}

	private static LocalDateTime timestamp(String text) {
		return Timestamp.valueOf(text).toLocalDateTime();
	}

}
