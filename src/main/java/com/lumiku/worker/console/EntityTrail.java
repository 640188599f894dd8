package com.lumiku.worker.console;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.generation.GenerationTable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the worker did to one business entity, from the worker's audit tables: the status
 * changes of subscriptions (renewals and expiries) and of payments (payment expiry), the
 * renewal and charge rows, refunds of failed generations, and the console's own bulk
 * actions; each with the run that did it, where the audit row names one. Every lookup is
 * one bound id; each source is capped at {@value #LIMIT} rows.
 */
@Component
class EntityTrail {

	static final int LIMIT = 200;

	/** One thing that happened. */
	record Event(OffsetDateTime at, String source, String what, Optional<Long> executionId) {

		public String when() {
			return Durations.utc(this.at);
		}

	}

	/** The kinds of entity one can look up. */
	static final List<String> KINDS = List.of("subscription", "payment", "user", "generation");

	private static final String SUBSCRIPTION_CHANGES = """
			SELECT changed_at AS at, 'subscription_status_change' AS source,
			       'subscription ' || subscription_id || ': ' || from_status || ' -> ' || to_status || ' (' || reason || ')'
			       || coalesce(', end date ' || old_end_date || ' -> ' || new_end_date, '')
			       || coalesce(', payment ' || payment_id, '') AS what, job_execution_id
			FROM lumiku_worker.subscription_status_change WHERE %s = ? ORDER BY id DESC LIMIT 200
			""";

	private static final String RENEWALS = """
			SELECT updated_at AS at, 'subscription_renewal' AS source,
			       'renewal of ' || subscription_id || ' for the period from ' || period_start || ': ' || state
			       || ', ' || attempts || ' attempt(s)' || coalesce(', last error: ' || last_error, '') AS what,
			       NULL::bigint AS job_execution_id
			FROM lumiku_worker.subscription_renewal WHERE %s = ? ORDER BY id DESC LIMIT 200
			""";

	private static final String CHARGES = """
			SELECT created_at AT TIME ZONE 'UTC' AS at, 'subscription_payment' AS source,
			       'charge ' || id || ' attempt ' || attempt || ' of ' || amount || ' for ' || subscription_id || ': '
			       || status || coalesce(' (gateway ' || gateway_status || ')', '') AS what, NULL::bigint AS job_execution_id
			FROM lumiku_worker.subscription_payment WHERE %s = ? ORDER BY created_at DESC LIMIT 200
			""";

	private static final String PAYMENT_CHANGES = """
			SELECT changed_at AS at, 'payment_status_change' AS source,
			       'payment ' || payment_id || ': ' || from_status || ' -> ' || to_status || ' (' || reason || ')' AS what,
			       job_execution_id
			FROM lumiku_worker.payment_status_change WHERE %s = ? ORDER BY id DESC LIMIT 200
			""";

	private static final String REFUNDS = """
			SELECT refunded_at AS at, 'generation_refund' AS source,
			       'refund of ' || amount || ' credits for ' || generation_table || ' ' || generation_id
			       || ' (credits row ' || credit_id || ')' AS what, NULL::bigint AS job_execution_id
			FROM lumiku_worker.generation_refund WHERE %s = ? ORDER BY refunded_at DESC LIMIT 200
			""";

	private static final String CONSOLE_ROWS = """
			SELECT a.started_at AS at, 'console_action' AS source,
			       a.action || ' by ' || a.actor || ' (action ' || a.id || '): ' || r.generation_table || ' '
			       || r.generation_id || ' ' || r.from_status || ' -> ' || r.to_status AS what, NULL::bigint AS job_execution_id
			FROM lumiku_worker.console_action_row r JOIN lumiku_worker.console_action a ON a.id = r.action_id
			WHERE r.generation_id = ? ORDER BY a.id DESC LIMIT 200
			""";

	private static final String CONSOLE_TARGET = """
			SELECT started_at AS at, 'console_action' AS source,
			       action || ' by ' || actor || ' (action ' || id || '): ' || coalesce(filter, target) || ', '
			       || status || coalesce(', ' || changed || ' rows changed', '') AS what, NULL::bigint AS job_execution_id
			FROM lumiku_worker.console_action WHERE target = ? ORDER BY id DESC LIMIT 200
			""";

	private static final String GENERATION_NOW = """
			SELECT coalesce("completedAt", "createdAt") AT TIME ZONE 'UTC' AS at, '%1$s' AS source,
			       'now ' || status || ', ' || worker_attempts || ' attempt(s), user ' || "userId"
			       || coalesce(', last error: ' || left(worker_last_error, 300), '') AS what, NULL::bigint AS job_execution_id
			FROM %1$s WHERE id = ?
			""";

	private final JdbcTemplate jdbc;

	EntityTrail(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Everything recorded about one entity, newest first.
	 * @param kind one of {@link #KINDS}
	 * @param id its id
	 * @return the events
	 */
	List<Event> find(String kind, String id) {
		List<Event> events = new ArrayList<>();
		switch (kind) {
			case "subscription" -> {
				add(events, SUBSCRIPTION_CHANGES.formatted("subscription_id"), id);
				add(events, RENEWALS.formatted("subscription_id"), id);
				add(events, CHARGES.formatted("subscription_id"), id);
			}
			case "payment" -> {
				add(events, PAYMENT_CHANGES.formatted("payment_id"), id);
				add(events, CHARGES.formatted("id"), id);
				add(events, SUBSCRIPTION_CHANGES.formatted("payment_id"), id);
			}
			case "user" -> {
				add(events, SUBSCRIPTION_CHANGES.formatted("user_id"), id);
				add(events, RENEWALS.formatted("user_id"), id);
				add(events, CHARGES.formatted("user_id"), id);
				add(events, PAYMENT_CHANGES.formatted("user_id"), id);
				add(events, REFUNDS.formatted("user_id"), id);
				add(events, CONSOLE_TARGET, id);
			}
			case "generation" -> {
				GenerationTable.ALL.forEach((table) -> add(events, GENERATION_NOW.formatted(table.table()), id));
				add(events, REFUNDS.formatted("generation_id"), id);
				add(events, CONSOLE_ROWS, id);
			}
			default -> throw new IllegalArgumentException("kind must be one of " + KINDS + ", got '" + kind + "'");
		}
		events.sort(Comparator.comparing(Event::at, Comparator.nullsLast(Comparator.reverseOrder())));
		return events;
	}

	private void add(List<Event> events, String sql, String id) {
		for (Map<String, Object> row : this.jdbc.queryForList(sql, id)) {
			Object at = row.get("at");
			OffsetDateTime time = (at instanceof java.sql.Timestamp timestamp)
					? timestamp.toInstant().atOffset(java.time.ZoneOffset.UTC) : (OffsetDateTime) at;
			events.add(new Event(time, (String) row.get("source"), (String) row.get("what"),
					Optional.ofNullable((Number) row.get("job_execution_id")).map(Number::longValue)));
		}
	}

}
