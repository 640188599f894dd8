package com.lumiku.worker.seed;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/** Exact row counts of a few tables, for the seed commands' summaries. */
final class RowCounts {

	private RowCounts() {
	}

	/**
	 * Counts rows of each table; the names come from code, never from input.
	 * @param jdbc the database
	 * @param tables the table names
	 * @return {@code table=count} pairs joined by commas
	 */
	static String of(JdbcTemplate jdbc, List<String> tables) {
		return tables.stream()
			.map((table) -> table + "=" + jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class))
			.collect(Collectors.joining(", "));
	}

}
