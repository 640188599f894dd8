package com.lumiku.worker.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.lumiku.worker.maintenance.FindRedundantIndexes;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * What the index tests read from a database's catalog, and the expected index lists (see
 * docs/lumiku-app.md#indexes). Counts cover every index of the Lumiku tables in schema
 * public, primary keys and unique indexes included, and leave out Flyway's own
 * {@code flyway_schema_history} (its two indexes exist only where Flyway ran) and the
 * generation queue's own partial indexes ({@code gq_*}, V10), which
 * {@code GenerationQueueTransitionsTest} covers.
 */
final class IndexCatalog {

	/** One row per redundant index; see {@link FindRedundantIndexes} for the rules. */
	static final String REDUNDANT_INDEXES = FindRedundantIndexes.SQL;

	private static final String LUMIKU_INDEXES = """
			SELECT i.relname AS index_name,
			       i.relname || substring(pg_get_indexdef(x.indexrelid) from ' ON .*$') AS definition
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			JOIN pg_class t ON t.oid = x.indrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = 'public' AND t.relname <> 'flyway_schema_history'
			  AND i.relname NOT LIKE 'gq\\_%'
			""";

	private IndexCatalog() {
	}

	/**
	 * The 88 Prisma {@code @@index} V2 keeps, each as
	 * {@code name ON public.table USING btree (columns)}, the way
	 * {@link #indexDefinitions} shows them.
	 */
	static Set<String> keptIndexDefinitions() {
		Set<String> kept = new TreeSet<>();
		for (String[] row : rows("schema/expected-indexes.tsv")) {
			kept.add(row[1] + " ON public." + row[0] + " USING btree (" + row[2] + ")");
		}
		return kept;
	}

	/** The names of the 88 kept Prisma {@code @@index}. */
	static Set<String> keptIndexes() {
		Set<String> kept = new TreeSet<>();
		for (String[] row : rows("schema/expected-indexes.tsv")) {
			kept.add(row[1]);
		}
		return kept;
	}

	/**
	 * The 114 names V2 drops (40 left-prefix Prisma indexes, 74 cleanup.sql idx_*), each
	 * as {@code name, reason, covered by}.
	 */
	static List<String[]> droppedIndexes() {
		return rows("lumiku-app/dropped-indexes.tsv");
	}

	/**
	 * Names of the indexes on the Lumiku tables (schema public, Flyway's table aside).
	 */
	static Set<String> indexNames(JdbcTemplate jdbc) {
		return new TreeSet<>(jdbc.queryForList("SELECT index_name FROM (" + LUMIKU_INDEXES + ") l", String.class));
	}

	/**
	 * Every index on the Lumiku tables as {@code name ON public.table USING btree (...)}
	 * ({@code pg_get_indexdef} without its CREATE prefix).
	 */
	static Set<String> indexDefinitions(JdbcTemplate jdbc) {
		return new TreeSet<>(jdbc.queryForList("SELECT definition FROM (" + LUMIKU_INDEXES + ") l", String.class));
	}

	/**
	 * Indexes of schema public that PostgreSQL does not use ({@code indisvalid} false).
	 */
	static List<String> invalidIndexes(JdbcTemplate jdbc) {
		return jdbc.queryForList("""
				SELECT i.relname FROM pg_index x
				JOIN pg_class i ON i.oid = x.indexrelid
				JOIN pg_namespace n ON n.oid = i.relnamespace
				WHERE n.nspname = 'public' AND NOT x.indisvalid
				""", String.class);
	}

	/** Each redundant index as {@code table.index covered by index (kind)}. */
	static List<String> redundantIndexes(JdbcTemplate jdbc) {
		return FindRedundantIndexes.in(jdbc).stream().map(FindRedundantIndexes.RedundantIndex::toString).toList();
	}

	/**
	 * Runs an SQL file statement by statement in autocommit, as {@code psql -f} does (so
	 * CREATE INDEX CONCURRENTLY works). Not for files with dollar-quoted bodies.
	 */
	static void runScript(DataSource dataSource, String resource) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			ScriptUtils.executeSqlScript(connection, new ClassPathResource(resource));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + resource, ex);
		}
	}

	static String resource(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String[]> rows(String path) {
		return resource(path).lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("\t", -1))
			.toList();
	}

}
