package com.lumiku.worker.testsupport;

import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builders for rows of the Lumiku app's tables, with the columns the schema requires
 * filled in and everything else left to its default:
 *
 * <pre>{@code
 * TestRows.user("u1").name("Ana").insert(jdbc);
 * TestRows.credit("c1", "u1").amount(100).createdAgo(Duration.ofDays(1)).insert(jdbc);
 * TestRows.session("s1", "u1").expiresAt(yesterday).insert(jdbc);
 * }</pre>
 *
 * Times default to the database's UTC clock (the app's columns are UTC
 * {@code timestamp}s). {@link Row#sql()} gives the same row as one literal statement, for
 * tests that expect a statement to fail.
 */
public final class TestRows {

	private static final String UTC_NOW = "timezone('UTC', now())";

	private TestRows() {
	}

	/** A user: email {@code <id>@test}, password {@code x}. */
	public static Row user(String id) {
		return new Row("users").set("id", id)
			.set("email", id + "@test")
			.set("password", "x")
			.expression("updatedAt", UTC_NOW);
	}

	/** A session of a user: token {@code token-<id>}, expiring in a day. */
	public static Row session(String id, String userId) {
		return new Row("sessions").set("id", id)
			.set("userId", userId)
			.set("token", "token-" + id)
			.expression("expiresAt", UTC_NOW + " + interval '1 day'");
	}

	/** A ledger row of a user: a 100-credit bonus leaving a balance of 100. */
	public static Row credit(String id, String userId) {
		return new Row("credits").set("id", id)
			.set("userId", userId)
			.set("amount", 100)
			.set("balance", 100)
			.set("type", "bonus");
	}

	/** A pending looping-flow generation: video {@code v}, 30 s, 1 credit. */
	public static Row loopingFlowGeneration(String id, String projectId, String userId) {
		return new Row("looping_flow_generations").set("id", id)
			.set("projectId", projectId)
			.set("userId", userId)
			.set("videoId", "v")
			.set("targetDuration", 30)
			.set("creditUsed", 1);
	}

	/** A project of a user in one of the apps' project tables. */
	public static Row project(String table, String id, String userId) {
		return new Row(table).set("id", id).set("userId", userId).set("name", "p").expression("updatedAt", UTC_NOW);
	}

	/** One row: column values, bound as parameters, or SQL expressions. */
	public static final class Row {

		private final String table;

		private final Map<String, Object> values = new LinkedHashMap<>();

		private Row(String table) {
			this.table = table;
		}

		/** Sets a column (quoted as the app's camelCase names need). */
		public Row set(String column, Object value) {
			this.values.put(column, value);
			return this;
		}

		/** Sets a column to a SQL expression, e.g. {@code timezone('UTC', now())}. */
		public Row expression(String column, String sql) {
			this.values.put(column, new Expression(sql));
			return this;
		}

		public Row email(String email) {
			return set("email", email);
		}

		public Row name(String name) {
			return set("name", name);
		}

		public Row amount(int amount) {
			return set("amount", amount);
		}

		public Row balance(int balance) {
			return set("balance", balance);
		}

		public Row type(String type) {
			return set("type", type);
		}

		public Row expiresAt(Temporal at) {
			return set("expiresAt", at);
		}

		public Row createdAt(Temporal at) {
			return set("createdAt", at);
		}

		public Row updatedAt(Temporal at) {
			return set("updatedAt", at);
		}

		/** Created this long before the database's UTC now. */
		public Row createdAgo(Duration age) {
			return expression("createdAt", UTC_NOW + " - interval '" + age.toMillis() + " milliseconds'");
		}

		/** Inserts the row. */
		public void insert(JdbcTemplate jdbc) {
			List<Object> parameters = new ArrayList<>();
			String values = this.values.values().stream().map((value) -> {
				if (value instanceof Expression expression) {
					return expression.sql();
				}
				parameters.add(value);
				return "?";
			}).collect(Collectors.joining(", "));
			jdbc.update(insert(values), parameters.toArray());
		}

		/** The row as one statement with literal values. */
		public String sql() {
			return insert(this.values.values().stream().map(Row::literal).collect(Collectors.joining(", ")));
		}

		@Override
		public String toString() {
			return sql();
		}

		private String insert(String values) {
			String columns = this.values.keySet()
				.stream()
				.map((column) -> '"' + column + '"')
				.collect(Collectors.joining(", "));
			return "INSERT INTO " + this.table + " (" + columns + ") VALUES (" + values + ")";
		}

		private static String literal(Object value) {
			if (value == null) {
				return "NULL";
			}
			if (value instanceof Expression expression) {
				return expression.sql();
			}
			if (value instanceof Number || value instanceof Boolean) {
				return value.toString();
			}
			return "'" + value.toString().replace("'", "''") + "'";
		}

	}

	private record Expression(String sql) {
	}

}
