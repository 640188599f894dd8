package com.lumiku.worker.partition;

import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What PostgreSQL's catalog says about one table of schema {@code public}: the
 * definitions a conversion must carry over to the partitioned table (indexes,
 * constraints, triggers, grants, dependent views), read generically so that an index or
 * trigger another feature adds later is carried over too.
 */
final class TableCatalog {

	record Index(String name, String definition, boolean unique) {

		private static final Pattern HEAD = Pattern
			.compile("^CREATE (UNIQUE )?INDEX (\\S+) ON (?:ONLY )?(\\S+) (USING .*)$");

		/** The same index under another name on another table. */
		String on(String newName, String table) {
			Matcher head = HEAD.matcher(this.definition);
			if (!head.matches()) {
				throw new PartitionException(
						"cannot read the definition of index " + this.name + ": " + this.definition);
			}
			return "CREATE " + ((head.group(1) != null) ? "UNIQUE " : "") + "INDEX " + LockedDdl.quote(newName) + " ON "
					+ LockedDdl.quote(table) + " " + head.group(4);
		}

	}

	record Constraint(String name, char type, String definition) {
	}

	record Trigger(String name, String definition) {
	}

	record View(String name, boolean materialized, String definition) {
	}

	record Grant(String grantee, String privilege) {
	}

	private static final String INDEXES = """
			SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, x.indisunique AS is_unique
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			WHERE x.indrelid = to_regclass(quote_ident(?))
			  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid
			                  AND c.contype IN ('p', 'u', 'x'))
			ORDER BY i.relname
			""";

	private static final String CONSTRAINTS = """
			SELECT conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS definition
			FROM pg_constraint
			WHERE conrelid = to_regclass(quote_ident(?)) AND contype IN ('p', 'u', 'c', 'f', 'x')
			  AND conparentid = 0
			ORDER BY conname
			""";

	private static final String TRIGGERS = """
			SELECT tgname AS name, pg_get_triggerdef(oid) AS definition
			FROM pg_trigger
			WHERE tgrelid = to_regclass(quote_ident(?)) AND NOT tgisinternal AND tgparentid = 0
			ORDER BY tgname
			""";

	private static final String VIEWS = """
			SELECT DISTINCT v.oid::regclass::text AS name, v.relkind = 'm' AS materialized, pg_get_viewdef(v.oid) AS definition
			FROM pg_depend d
			JOIN pg_rewrite r ON r.oid = d.objid
			JOIN pg_class v ON v.oid = r.ev_class
			WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(quote_ident(?))
			  AND v.oid <> d.refobjid
			ORDER BY 1
			""";

	private static final String GRANTS = """
			SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee, a.privilege_type
			FROM pg_class c, aclexplode(c.relacl) a
			LEFT JOIN pg_roles r ON r.oid = a.grantee
			WHERE c.oid = to_regclass(quote_ident(?)) AND a.grantee <> c.relowner
			ORDER BY 1, 2
			""";

	private final JdbcTemplate jdbc;

	TableCatalog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The catalog as one connection sees it: inside a DDL transaction that holds locks,
	 * reads must use that transaction (another connection would wait for its locks).
	 */
	static TableCatalog on(Connection connection) {
		return new TableCatalog(new JdbcTemplate(single(connection)));
	}

	static SingleConnectionDataSource single(Connection connection) {
		return new SingleConnectionDataSource(connection, true);
	}

	boolean exists(String table) {
		return Boolean.TRUE
			.equals(this.jdbc.queryForObject("SELECT to_regclass(quote_ident(?)) IS NOT NULL", Boolean.class, table));
	}

	boolean isPartitioned(String table) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT coalesce((SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(quote_ident(?))), false)",
				Boolean.class, table));
	}

	List<Index> indexes(String table) {
		return this.jdbc.query(INDEXES,
				(rs, n) -> new Index(rs.getString("name"), rs.getString("definition"), rs.getBoolean("is_unique")),
				table);
	}

	List<Constraint> constraints(String table) {
		return this.jdbc.query(CONSTRAINTS, (rs, n) -> new Constraint(rs.getString("name"),
				rs.getString("type").charAt(0), rs.getString("definition")), table);
	}

	List<Trigger> triggers(String table) {
		return this.jdbc.query(TRIGGERS, (rs, n) -> new Trigger(rs.getString("name"), rs.getString("definition")),
				table);
	}

	List<View> views(String table) {
		return this.jdbc.query(VIEWS,
				(rs, n) -> new View(rs.getString("name"), rs.getBoolean("materialized"), rs.getString("definition")),
				table);
	}

	List<Grant> grants(String table) {
		return this.jdbc.query(GRANTS, (rs, n) -> new Grant(rs.getString("grantee"), rs.getString("privilege_type")),
				table);
	}

	String owner(String table) {
		return this.jdbc.queryForObject(
				"SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_class WHERE oid = to_regclass(quote_ident(?))",
				String.class, table);
	}

	boolean indexIsValid(String index) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(quote_ident(?))), false)",
				Boolean.class, index));
	}

	boolean constraintExists(String table, String constraint) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(quote_ident(?)) AND conname = ?)",
				Boolean.class, table, constraint));
	}

}
