package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench generation-queue} pointed at a server database (LUMIKU_DB_URL): it
 * migrates its scratch database with the worker's Flyway configuration and never changes
 * the user's database. Multi-JVM: the benchmark starts two child processes.
 */
@Tag("multi-jvm")
class BenchCommandTest {

	@AfterEach
	void clearEnvironment() {
		TestDatabase.clearWorkerEnvironment();
	}

	@Test
	void the_generation_queue_bench_migrates_only_its_scratch_database() {
		TestDatabase users = PostgresServer.get().newDatabase("bench_users_db");
		users.workerEnvironment().forEach(System::setProperty);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench",
				"generation-queue", "--rows", "50", "--approaches", "naive");
		assertThat(exit).as(out + "\n" + err).isZero();
		assertThat(out.toString()).contains("seed report (findMany+update)", "2 processes x 2 threads");
		JdbcTemplate jdbc = new JdbcTemplate(users.dataSource());
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM pg_tables WHERE schemaname NOT IN " + "('pg_catalog', 'information_schema')",
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
