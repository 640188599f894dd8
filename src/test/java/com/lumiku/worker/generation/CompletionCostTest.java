package com.lumiku.worker.generation;

import java.util.List;
import java.util.Map;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of completions costs a primary-key probe per row, however many rows are in
 * flight across the cluster: with 4,000 rows processing in a table analyzed while the
 * queue was idle (the planner believes one row is processing), completing 250 of them
 * reads about 250 tuples, not the 4,000 a hash join over every processing row read.
 * Counted by PostgreSQL ({@code pg_stat_user_tables}), not timed.
 */
class CompletionCostTest {

	private TestDatabase database;

	private SingleConnectionDataSource connection;

	private JdbcTemplate jdbc;

	@BeforeEach
	void fourThousandRowsInFlightInATableAnalyzedWhileIdle() {
		this.database = MigratedDatabases.fresh("completioncost");
		this.connection = new SingleConnectionDataSource(this.database.url(), this.database.user(),
				this.database.password(), true);
		this.connection.setAutoCommit(true);
		this.jdbc = new JdbcTemplate(this.connection);
		this.jdbc.execute("ALTER TABLE looping_flow_generations SET (autovacuum_enabled = false)");
		this.jdbc.execute("ANALYZE looping_flow_generations");
		this.jdbc.update("""
				INSERT INTO users (id, email, password, "updatedAt")
				SELECT 'u' || i, 'u' || i || '@test', 'x', timezone('UTC', now()) FROM generate_series(1, 100) i""");
		this.jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				SELECT 'p' || i, 'u' || i, 'p', timezone('UTC', now()) FROM generate_series(1, 100) i""");
		this.jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "createdAt", status, worker_attempts, worker_lease_owner, worker_lease_until,
				        worker_started_at)
				SELECT 'g' || i, 'p' || (1 + i % 100), 'u' || (1 + i % 100), 'v', 10, 1,
				       timezone('UTC', now()) - interval '1 hour' + i * interval '1 millisecond',
				       'processing', 1, 'me', now() + interval '1 hour', now()
				FROM generate_series(1, 4000) i""");
	}

	@AfterEach
	void dropDatabase() {
		this.connection.destroy();
		PostgresServer.get().dropDatabase(this.database);
	}

	@Test
	void completing_a_batch_reads_its_rows_by_primary_key_not_every_row_in_flight() {
		List<CompleteGenerations.Completion> batch = java.util.stream.IntStream.rangeClosed(1, 250)
			.mapToObj((i) -> new CompleteGenerations.Completion("g" + (i * 16), 1, Map.of()))
			.toList();
		long before = tuplesRead();

		List<String> completed = new CompleteGenerations(this.jdbc, "me").complete(GenerationTable.LOOPING_FLOW, batch);

		assertThat(completed).hasSize(250);
		assertThat(tuplesRead() - before).as("tuples of looping_flow_generations read to complete 250 of 4,000")
			.isLessThan(1000);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM looping_flow_generations WHERE status = 'completed' AND worker_lease_owner IS NULL",
				Long.class))
			.isEqualTo(250);
	}

	/** Flushes this connection's table statistics, then reads them from another one. */
	private long tuplesRead() {
		this.jdbc.execute("SELECT pg_stat_force_next_flush()");
		JdbcTemplate other = new JdbcTemplate(this.database.dataSource());
		return other.queryForObject("""
				SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
				FROM pg_stat_user_tables WHERE relname = 'looping_flow_generations'""", Long.class);
	}

}
