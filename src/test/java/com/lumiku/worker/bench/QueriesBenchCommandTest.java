package com.lumiku.worker.bench;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.lumiku.worker.operator.WorkerCommand;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench queries} at a tiny scale: it loads its scratch database, prints one row
 * per query of the report's matrix with its plan, and leaves the user's database and the
 * server as they were. (Its figures are the benchmark's business, not this test's.)
 */
class QueriesBenchCommandTest {

	@AfterEach
	void clearEnvironment() {
		TestDatabase.clearWorkerEnvironment();
	}

	@Test
	void the_queries_bench_prints_every_query_of_the_matrix_with_its_plan_and_drops_its_scratch_database() {
		TestDatabase users = PostgresServer.get().newDatabase("bench_queries_db");
		users.workerEnvironment().forEach(System::setProperty);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();

		int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "queries",
				"--users", "300", "--rows", "3000", "--samples", "20");

		assertThat(exit).as(out + "\n" + err).isZero();
		assertThat(out.toString()).contains("bench queries: 300 users, 3,000 ledger rows, 20 samples per query")
			.contains("loaded credits                         3,000 rows")
			.containsPattern(
					"(?m)^query +p50 ms +p99 ms +server p50 +server p99 +report ms +report/p99 +plan \\(scan nodes\\)$");
		for (QueriesBench.Query query : QueriesBench.matrix()) {
			assertThat(out.toString()).containsPattern("(?m)^" + query.name()
					+ "( +\\d+\\.\\d{3}){4} +\\d+ +\\d+x  (Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)");
		}
		JdbcTemplate jdbc = new JdbcTemplate(users.dataSource());
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
				Integer.class))
			.as("tables in the user's database")
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_database WHERE datname LIKE 'lumiku_bench_%'",
				Integer.class))
			.as("scratch databases left")
			.isZero();
		PostgresServer.get().dropDatabase(users);
	}

}
