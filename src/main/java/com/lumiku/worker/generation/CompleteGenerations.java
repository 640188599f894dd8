package com.lumiku.worker.generation;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes completions in batches: one {@code UPDATE ... FROM unnest(...)} per app and
 * batch. A row is completed only if it is still processing under this worker's lease and
 * the same attempt, so a row that was rescued and re-claimed elsewhere, or cancelled, is
 * left alone (and reported as not completed).
 *
 * <p>
 * The batch is looked up by primary key, one probe per row, whatever the statistics say:
 * each row is found and locked by its id in a fenced {@code LATERAL} ({@code OFFSET 0}),
 * its status, owner and attempt are checked on the locked row, and the {@code UPDATE}
 * joins on the id alone, so no other index can drive the statement. Before, with the
 * statistics of a queue analyzed while idle, the planner believed one row was processing
 * and read every processing row to complete a batch (4,000 rows read to complete 250;
 * CompletionCostTest counts them), so a completion's cost grew with the rows in flight
 * across the cluster instead of with its batch.
 */
final class CompleteGenerations {

	private static final String COMPLETE = GenerationStatus.COMPLETE.sql("""
			WITH batch AS MATERIALIZED (
			    SELECT v.* FROM unnest(?::text[], ?::int[] %4$s) AS v(id, attempt %5$s)
			    CROSS JOIN LATERAL (SELECT g.status, g.worker_attempts, g.worker_lease_owner
			                        FROM %1$s g WHERE g.id = v.id FOR UPDATE OFFSET 0) l
			    WHERE l.status = {from} AND l.worker_attempts = v.attempt AND l.worker_lease_owner = ?
			)
			UPDATE %1$s t
			SET status = {to}, "completedAt" = timezone('UTC', now()), worker_lease_owner = NULL,
			    worker_lease_until = NULL %2$s %3$s
			FROM batch v
			WHERE t.id = v.id
			RETURNING t.id
			""");

	private final JdbcTemplate jdbc;

	private final String owner;

	CompleteGenerations(JdbcTemplate jdbc, String owner) {
		this.jdbc = jdbc;
		this.owner = owner;
	}

	/**
	 * Completes a batch of one table's rows.
	 * @param table the table
	 * @param completions the rows and their outputs
	 * @return the ids actually completed
	 */
	List<String> complete(GenerationTable table, List<Completion> completions) {
		if (completions.isEmpty()) {
			return List.of();
		}
		List<String> columns = table.outputColumns();
		StringBuilder set = new StringBuilder();
		StringBuilder arrays = new StringBuilder();
		StringBuilder names = new StringBuilder();
		for (int i = 0; i < columns.size(); i++) {
			String column = columns.get(i);
			set.append(", \"")
				.append(column)
				.append("\" = coalesce(v.o")
				.append(i)
				.append(", t.\"")
				.append(column)
				.append("\")");
			arrays.append(", ?::text[]");
			names.append(", o").append(i);
		}
		String sql = COMPLETE.formatted(table.table(), table.touchUpdatedAt(), set, arrays, names);
		return this.jdbc.execute((ConnectionCallback<List<String>>) (connection) -> {
			List<Object> parameters = new ArrayList<>();
			parameters.add(array(connection, "text", completions.stream().map(Completion::id).toArray()));
			parameters.add(array(connection, "int4", completions.stream().map(Completion::attempt).toArray()));
			for (String column : columns) {
				parameters
					.add(array(connection, "text", completions.stream().map((c) -> c.outputs().get(column)).toArray()));
			}
			parameters.add(this.owner);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.size(); i++) {
					statement.setObject(i + 1, parameters.get(i));
				}
				List<String> completed = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						completed.add(rs.getString(1));
					}
				}
				return completed;
			}
		});
	}

	private static Array array(Connection connection, String type, Object[] values) throws SQLException {
		return connection.createArrayOf(type, values);
	}

	/**
	 * A finished attempt.
	 *
	 * @param id the generation id
	 * @param attempt the attempt that finished
	 * @param outputs output column → value
	 */
	record Completion(String id, int attempt, Map<String, String> outputs) {
	}

}
