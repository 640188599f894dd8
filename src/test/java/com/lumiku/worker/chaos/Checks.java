package com.lumiku.worker.chaos;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the chaos suite's checks share (docs/chaos.md has the invariants): the database,
 * the event log that may excuse a re-run, and the table the results go to.
 */
abstract class Checks {

	/**
	 * How long after an attempt began a fault on its holder may still explain its loss.
	 */
	static final Duration ATTEMPT_SLACK = Duration.ofSeconds(8);

	protected final JdbcTemplate jdbc;

	protected final EventLog log;

	protected final InvariantTable table;

	Checks(JdbcTemplate jdbc, EventLog log, InvariantTable table) {
		this.jdbc = jdbc;
		this.log = log;
		this.table = table;
	}

	/**
	 * A worker's id is its incarnation ({@code w1-3}) plus the suffix each start adds.
	 */
	static String incarnation(String workerId) {
		String[] parts = workerId.split("-");
		return (parts.length >= 2) ? parts[0] + "-" + parts[1] : workerId;
	}

	long count(String sql) {
		Long value = this.jdbc.queryForObject(sql, Long.class);
		return (value != null) ? value : 0;
	}

	List<String> strings(String sql) {
		return this.jdbc.queryForList(sql, String.class);
	}

}
