package com.lumiku.worker.analytics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that bring a summary table up to date, composed from an
 * {@link AnalyticsView}'s names (constants, never parameter text). Each is one statement,
 * so it sees one snapshot: a change committed before it is in both the dirty keys it
 * takes and the rows it reads; one committed after it is in neither (its dirty key stays
 * for the next run). Rows of a key that no longer exist are deleted, the others upserted
 * (unchanged rows are not rewritten).
 */
final class SummarySql {

	private SummarySql() {
	}

	/**
	 * Deletes up to {@code ?} dirty-key rows and recomputes their keys; returns
	 * {@code claimed, keys, removed, written}.
	 */
	static String incremental(AnalyticsView view) {
		String dirty = "lumiku_worker." + view.dirtyTable();
		String dirtyKeys = String.join(", ", view.dirtyKeys());
		return """
				WITH claimed AS (
				    DELETE FROM %1$s WHERE ctid = ANY (ARRAY(SELECT ctid FROM %1$s LIMIT ?))
				    RETURNING %2$s),
				keys AS (SELECT DISTINCT %2$s FROM claimed),
				fresh AS (
				%3$s),
				removed AS (
				    DELETE FROM %4$s s USING keys k
				    WHERE %5$s
				      AND NOT EXISTS (SELECT 1 FROM fresh f WHERE %6$s)
				    RETURNING 1),
				%7$s
				SELECT (SELECT count(*) FROM claimed) AS claimed, (SELECT count(*) FROM keys) AS keys,
				       (SELECT count(*) FROM removed) AS removed, (SELECT count(*) FROM written) AS written
				""".formatted(dirty, dirtyKeys, view.keyedSelect(), summary(view), equal("s", "k", view.dirtyKeys()),
				equal("f", "s", view.keys()), upsert(view));
	}

	/**
	 * Recomputes the whole summary from its {@code v_} view and clears its dirty keys;
	 * returns {@code claimed, keys, removed, written} (keys: the rows of the view).
	 */
	static String rebuild(AnalyticsView view) {
		return """
				WITH claimed AS (DELETE FROM lumiku_worker.%1$s RETURNING 1),
				fresh AS (SELECT * FROM lumiku_worker.v_%2$s),
				removed AS (
				    DELETE FROM %3$s s WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE %4$s)
				    RETURNING 1),
				%5$s
				SELECT (SELECT count(*) FROM claimed) AS claimed, (SELECT count(*) FROM fresh) AS keys,
				       (SELECT count(*) FROM removed) AS removed, (SELECT count(*) FROM written) AS written
				""".formatted(view.dirtyTable(), view.summary(), summary(view), equal("f", "s", view.keys()),
				upsert(view));
	}

	private static String upsert(AnalyticsView view) {
		String columns = String.join(", ", view.keys()) + ", " + String.join(", ", view.measures());
		String set = view.measures().stream().map((v) -> v + " = EXCLUDED." + v).collect(Collectors.joining(", "));
		return """
				written AS (
				    INSERT INTO %s AS s (%s) SELECT %s FROM fresh
				    ON CONFLICT (%s) DO UPDATE SET %s
				    WHERE (%s) IS DISTINCT FROM (%s)
				    RETURNING 1)""".formatted(summary(view), columns, columns, String.join(", ", view.keys()), set,
				prefixed("s", view.measures()), prefixed("EXCLUDED", view.measures()));
	}

	private static String summary(AnalyticsView view) {
		return "lumiku_worker." + view.summary();
	}

	private static String equal(String left, String right, List<String> columns) {
		return columns.stream()
			.map((c) -> left + "." + c + " = " + right + "." + c)
			.collect(Collectors.joining(" AND "));
	}

	private static String prefixed(String alias, List<String> columns) {
		return columns.stream().map((c) -> alias + "." + c).collect(Collectors.joining(", "));
	}

}
