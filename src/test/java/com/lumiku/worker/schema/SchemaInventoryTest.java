package com.lumiku.worker.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrated schema against the app's schema at the version the worker targets (see
 * docs/lumiku-app.md#version), which the expected-*.tsv files list: every table, column,
 * type, nullability, default, key and foreign key.
 */
@Tag("schema")
class SchemaInventoryTest {

	private static TestDatabase database;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void migrate() {
		database = MigratedDatabases.fresh("inventory");
		jdbc = new JdbcTemplate(database.dataSource());
	}

	@AfterAll
	static void drop() {
		PostgresServer.get().dropDatabase(database);
	}

	@Test
	void the_server_is_the_postgresql_version_this_run_is_meant_to_prove() {
		String version = jdbc.queryForObject("SHOW server_version", String.class);
		assertThat(version).startsWith(PostgresServer.expectedMajorVersion() + ".");
	}

	@Test
	void every_lumiku_column_has_the_documented_type_nullability_and_default() {
		Set<String> expected = expectedRows("schema/expected-columns.tsv").stream()
			.map((row) -> row[0] + "." + row[1] + " " + row[2] + " null=" + row[3] + " default="
					+ normalizeDefault(row.length > 4 ? row[4] : ""))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> actual = new TreeSet<>(jdbc.query("""
				SELECT c.table_name, c.column_name, c.data_type, c.datetime_precision, c.is_nullable, c.column_default
				FROM information_schema.columns c
				JOIN information_schema.tables t USING (table_schema, table_name)
				WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
				  AND c.table_name <> 'flyway_schema_history'
				  -- the generation queue's own columns (V10, prefixed worker_) are not the app's
				  AND c.column_name NOT LIKE 'worker\\_%'
				""", (rs, i) -> rs.getString("table_name") + "." + rs.getString("column_name") + " "
				+ sqlType(rs.getString("data_type"), rs.getInt("datetime_precision")) + " null="
				+ rs.getString("is_nullable") + " default=" + normalizeDefault(rs.getString("column_default"))));
		assertThat(actual).containsExactlyElementsOf(expected);
	}

	@Test
	void the_32_tables_have_their_primary_unique_and_foreign_keys_under_prisma_names() {
		Set<String> expected = expectedRows("schema/expected-keys.tsv").stream()
			.map((row) -> row[0] + " " + row[1] + " " + row[2] + " (" + row[3] + ")"
					+ ((row.length > 4 && !row[4].isEmpty()) ? " -> " + row[4] : ""))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> actual = new TreeSet<>(jdbc.query("""
				SELECT cl.relname AS table_name,
				       CASE WHEN i.indisprimary THEN 'pk' ELSE 'unique' END AS kind,
				       ic.relname AS name,
				       (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
				          FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
				          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns,
				       '' AS refs
				FROM pg_index i
				JOIN pg_class cl ON cl.oid = i.indrelid
				JOIN pg_class ic ON ic.oid = i.indexrelid
				JOIN pg_namespace n ON n.oid = cl.relnamespace
				WHERE n.nspname = 'public' AND i.indisunique AND cl.relname <> 'flyway_schema_history'
				UNION ALL
				SELECT cl.relname, 'fk', c.conname,
				       (SELECT string_agg(a.attname, ',') FROM pg_attribute a
				         WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)),
				       rc.relname || '.' || (SELECT string_agg(a.attname, ',') FROM pg_attribute a
				         WHERE a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey)) || ' '
				       || CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
				            WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' ELSE 'SET DEFAULT' END
				FROM pg_constraint c
				JOIN pg_class cl ON cl.oid = c.conrelid
				JOIN pg_class rc ON rc.oid = c.confrelid
				JOIN pg_namespace n ON n.oid = cl.relnamespace
				WHERE n.nspname = 'public' AND c.contype = 'f'
				""",
				(rs, i) -> rs.getString("table_name") + " " + rs.getString("kind") + " " + rs.getString("name") + " ("
						+ rs.getString("columns") + ")"
						+ (rs.getString("refs").isEmpty() ? "" : " -> " + rs.getString("refs"))));
		assertThat(actual).containsExactlyElementsOf(expected);
	}

	@Test
	void every_foreign_key_cascades_on_update_as_prisma_declares() {
		List<String> notCascading = jdbc.queryForList(
				"SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace "
						+ "AND confupdtype <> 'c'",
				String.class);
		assertThat(notCascading).isEmpty();
	}

	@Test
	void worker_tables_live_in_their_own_schema_so_the_apps_prisma_sees_no_drift() {
		List<String> publicTables = jdbc
			.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN "
					+ "(SELECT table_name FROM information_schema.columns WHERE column_name = 'id') "
					+ "AND tablename <> 'flyway_schema_history'", String.class);
		assertThat(publicTables).isEmpty();
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM pg_tables WHERE schemaname = 'lumiku_worker' AND tablename LIKE 'batch_%'",
				Integer.class))
			.isEqualTo(6);
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM pg_tables WHERE schemaname = 'lumiku_worker' AND tablename LIKE 'qrtz_%'",
				Integer.class))
			.isEqualTo(11);
	}

	private static String sqlType(String dataType, int datetimePrecision) {
		return dataType.equals("timestamp without time zone") ? "timestamp(" + datetimePrecision + ")" : dataType;
	}

	/**
	 * {@code 'x'::text} and {@code 'x'} are the same default; so are {@code 2},
	 * {@code 2.0}.
	 */
	static String normalizeDefault(String value) {
		if (value == null || value.isBlank()) {
			return "";
		}
		String normalized = value.trim().replaceAll("::[a-z ]+$", "");
		try {
			return Double.toString(Double.parseDouble(normalized));
		}
		catch (NumberFormatException ex) {
			return normalized;
		}
	}

	static List<String[]> expectedRows(String resource) {
		try {
			return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8)
				.lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.map((line) -> line.split("\t", -1))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
