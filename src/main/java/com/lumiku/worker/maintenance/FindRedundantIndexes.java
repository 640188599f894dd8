package com.lumiku.worker.maintenance;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds redundant b-tree indexes of schema public: each row is an index the planner never
 * needs because another valid index on the same table answers the same queries. The
 * schema tests hold the shipped migrations to "none" with it, and the
 * {@code redundant-indexes} check of {@code db-maintenance} reports what a database
 * acquired since (an index an operator or the app added by hand).
 *
 * <pre>
 * An index r is redundant, given a covering index c on the same table, when:
 *   * r is a plain b-tree that enforces nothing (not unique, not a primary key, not exclusion):
 *     unique and PK indexes back constraints and are never reported;
 *   * c is a valid b-tree;
 *   * both have the same predicate (both full, or equal WHERE clauses) and the same expressions
 *     (an index with expressions is only compared with an identical list of expressions);
 *   * r has no INCLUDE columns, and r's key columns are the first key columns of c, in the same
 *     order, with the same operator classes and collations;
 *   * the sort options of those columns are equal, or all reversed (ASC NULLS LAST against DESC
 *     NULLS FIRST: a b-tree scanned backwards gives the reversed order at the same cost).
 * Left prefix: r has fewer key columns than c. Exact duplicate: as many; then only the one with
 * the higher OID (the later one) is reported, unless c is unique, so each pair is listed once.
 *
 * Columns: table_name, redundant_index, covering_index, kind ('exact duplicate' or 'left prefix').
 * </pre>
 */
public final class FindRedundantIndexes {

	/** One row per redundant index; see the class comment for the rules. */
	public static final String SQL = """
			WITH idx AS (
			    SELECT x.indexrelid,
			           x.indrelid,
			           x.indisunique OR x.indisprimary OR x.indisexclusion AS enforces,
			           x.indisvalid,
			           x.indnatts,
			           x.indnkeyatts,
			           string_to_array(x.indkey::text, ' ')::int[]       AS keys,
			           string_to_array(x.indclass::text, ' ')::oid[]     AS classes,
			           string_to_array(x.indcollation::text, ' ')::oid[] AS collations,
			           string_to_array(x.indoption::text, ' ')::int[]    AS options,
			           coalesce(pg_get_expr(x.indexprs, x.indrelid), '') AS expressions,
			           coalesce(pg_get_expr(x.indpred, x.indrelid), '')  AS predicate,
			           i.relname                                         AS index_name,
			           t.relname                                         AS table_name
			      FROM pg_index x
			      JOIN pg_class i     ON i.oid = x.indexrelid
			      JOIN pg_class t     ON t.oid = x.indrelid
			      JOIN pg_am am       ON am.oid = i.relam
			      JOIN pg_namespace n ON n.oid = t.relnamespace
			     WHERE n.nspname = 'public'
			       AND am.amname = 'btree'
			)
			SELECT r.table_name,
			       r.index_name AS redundant_index,
			       c.index_name AS covering_index,
			       CASE WHEN r.indnkeyatts = c.indnkeyatts THEN 'exact duplicate' ELSE 'left prefix' END AS kind
			  FROM idx r
			  JOIN idx c ON c.indrelid = r.indrelid AND c.indexrelid <> r.indexrelid
			 WHERE NOT r.enforces
			   AND c.indisvalid
			   AND r.predicate = c.predicate
			   AND r.expressions = c.expressions
			   AND (r.expressions = '' OR r.keys = c.keys)
			   AND r.indnatts = r.indnkeyatts
			   AND r.indnkeyatts <= c.indnkeyatts
			   AND r.keys = c.keys[1:r.indnkeyatts]
			   AND r.classes = c.classes[1:r.indnkeyatts]
			   AND r.collations = c.collations[1:r.indnkeyatts]
			   AND (r.options = c.options[1:r.indnkeyatts]
			        -- bit 1 = DESC, bit 2 = NULLS FIRST: a backward scan flips both
			        OR r.options = ARRAY(SELECT o # 3 FROM unnest(c.options[1:r.indnkeyatts]) AS o))
			   AND (r.indnkeyatts < c.indnkeyatts OR c.enforces OR r.indexrelid > c.indexrelid)
			 ORDER BY r.table_name, r.index_name, c.index_name
			""";

	private FindRedundantIndexes() {
	}

	/**
	 * The redundant indexes of schema public.
	 * @param jdbc the database
	 * @return one per index (an index covered by two others is listed twice)
	 */
	public static List<RedundantIndex> in(JdbcTemplate jdbc) {
		return jdbc.query(SQL, (rs, i) -> new RedundantIndex(rs.getString("table_name"),
				rs.getString("redundant_index"), rs.getString("covering_index"), rs.getString("kind")));
	}

	/**
	 * An index another makes redundant.
	 *
	 * @param table its table
	 * @param index the redundant index
	 * @param coveredBy the index that answers the same queries
	 * @param kind {@code exact duplicate} or {@code left prefix}
	 */
	public record RedundantIndex(String table, String index, String coveredBy, String kind) {

		@Override
		public String toString() {
			return this.table + "." + this.index + " covered by " + this.coveredBy + " (" + this.kind + ")";
		}

	}

}
