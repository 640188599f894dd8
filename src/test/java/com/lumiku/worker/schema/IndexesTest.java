package com.lumiku.worker.schema;

import java.util.Set;
import java.util.TreeSet;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.TestRows;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V2 on a fresh database: the 88 Prisma indexes worth keeping under their Prisma names,
 * nothing invalid, nothing redundant, and a second run (also after a half-finished one)
 * leaves the same indexes.
 */
@Tag("schema")
class IndexesTest {

	/** 32 primary keys + 13 unique indexes (V1) + 88 kept {@code @@index} (V2). */
	static final int INDEXES_AFTER_V2 = 133;

	private static TestDatabase database;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void migrate() {
		database = MigratedDatabases.fresh("indexes");
		jdbc = new JdbcTemplate(database.dataSource());
	}

	@AfterAll
	static void drop() {
		PostgresServer.get().dropDatabase(database);
	}

	@Test
	void no_index_is_invalid() {
		assertThat(IndexCatalog.invalidIndexes(jdbc)).isEmpty();
	}

	@Test
	void no_index_is_an_exact_duplicate_or_a_left_prefix_of_another() {
		assertThat(IndexCatalog.redundantIndexes(jdbc)).isEmpty();
	}

	@Test
	void the_88_kept_prisma_indexes_exist_under_their_prisma_names_with_their_columns() {
		Set<String> nonUnique = new TreeSet<>(jdbc.queryForList("""
				SELECT i.relname || substring(pg_get_indexdef(x.indexrelid) from ' ON .*$')
				FROM pg_index x
				JOIN pg_class i ON i.oid = x.indexrelid
				JOIN pg_class t ON t.oid = x.indrelid
				JOIN pg_namespace n ON n.oid = i.relnamespace
				WHERE n.nspname = 'public' AND NOT x.indisunique AND t.relname <> 'flyway_schema_history'
				  AND i.relname NOT LIKE 'gq\\_%'
				""", String.class));
		assertThat(IndexCatalog.keptIndexDefinitions()).hasSize(88);
		assertThat(nonUnique).containsExactlyElementsOf(IndexCatalog.keptIndexDefinitions());
	}

	@Test
	void the_lumiku_tables_have_133_indexes_counting_primary_keys_and_uniques() {
		assertThat(IndexCatalog.indexNames(jdbc)).hasSize(INDEXES_AFTER_V2);
	}

	@Test
	void none_of_the_redundant_prisma_or_cleanup_sql_names_exists() {
		Set<String> dropped = new TreeSet<>();
		IndexCatalog.droppedIndexes().forEach((row) -> dropped.add(row[0]));
		assertThat(dropped).hasSize(114);
		assertThat(IndexCatalog.indexNames(jdbc)).doesNotContainAnyElementsOf(dropped);
	}

	@Test
	void the_redundancy_query_reports_left_prefixes_and_duplicates_but_not_partial_or_unique_indexes() {
		TestDatabase scratch = MigratedDatabases.fresh("redundancy");
		try {
			JdbcTemplate scratchJdbc = new JdbcTemplate(scratch.dataSource());
			scratchJdbc.execute("""
					CREATE INDEX "credits_userId_idx" ON credits ("userId");
					CREATE INDEX idx_credits_user_created_desc ON credits ("userId", "createdAt" DESC);
					CREATE INDEX idx_credits_created_at ON credits ("createdAt" DESC);
					CREATE INDEX idx_credits_payment_id ON credits ("paymentId") WHERE "paymentId" IS NOT NULL;
					CREATE INDEX idx_credits_created_at_nulls_first ON credits ("createdAt" NULLS FIRST);
					CREATE INDEX "subscriptions_status_idx" ON subscriptions (status);
					CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
					CREATE INDEX users_email_lower_idx ON users (lower(email));
					""");
			assertThat(IndexCatalog.redundantIndexes(scratchJdbc)).containsExactly(
					"credits.credits_userId_idx covered by credits_userId_createdAt_idx (left prefix)",
					"credits.credits_userId_idx covered by idx_credits_user_created_desc (left prefix)",
					"credits.idx_credits_created_at covered by credits_createdAt_idx (exact duplicate)",
					"credits.idx_credits_user_created_desc covered by credits_userId_createdAt_idx (exact duplicate)",
					"subscriptions.subscriptions_status_idx covered by subscriptions_status_endDate_idx (left prefix)",
					"users.users_email_lower_idx covered by users_email_lower_key (exact duplicate)");
		}
		finally {
			PostgresServer.get().dropDatabase(scratch);
		}
	}

	@Test
	void running_v2_a_second_time_changes_nothing() {
		TestDatabase scratch = MigratedDatabases.fresh("v2twice");
		try {
			JdbcTemplate scratchJdbc = new JdbcTemplate(scratch.dataSource());
			Set<String> before = IndexCatalog.indexDefinitions(scratchJdbc);

			assertThat(rerunV2(scratch).success).isTrue();

			assertThat(IndexCatalog.indexDefinitions(scratchJdbc)).containsExactlyElementsOf(before);
		}
		finally {
			PostgresServer.get().dropDatabase(scratch);
		}
	}

	@Test
	void running_v2_again_after_a_half_finished_run_drops_the_invalid_leftover_and_completes() {
		TestDatabase scratch = MigratedDatabases.fresh("v2repair");
		try {
			JdbcTemplate scratchJdbc = new JdbcTemplate(scratch.dataSource());
			Set<String> expected = IndexCatalog.indexDefinitions(scratchJdbc);
			interruptV2Halfway(scratchJdbc);
			assertThat(IndexCatalog.invalidIndexes(scratchJdbc)).containsExactly("credits_type_idx");

			assertThat(rerunV2(scratch).success).isTrue();

			assertThat(IndexCatalog.invalidIndexes(scratchJdbc)).isEmpty();
			assertThat(IndexCatalog.indexDefinitions(scratchJdbc)).containsExactlyElementsOf(expected);
		}
		finally {
			PostgresServer.get().dropDatabase(scratch);
		}
	}

	/**
	 * The state a V2 run stopped half-way leaves: a redundant index not dropped yet, a
	 * kept index not built yet, and a concurrent build that failed (here on duplicate
	 * keys), leaving an INVALID index under a kept name, which IF NOT EXISTS alone would
	 * skip for ever.
	 */
	private static void interruptV2Halfway(JdbcTemplate jdbc) {
		TestRows.user("cu1").email("owner@index.test").insert(jdbc);
		jdbc.execute("""
				INSERT INTO credits (id, "userId", amount, balance, type) VALUES ('cc1', 'cu1', 10, 10, 'bonus');
				INSERT INTO credits (id, "userId", amount, balance, type) VALUES ('cc2', 'cu1', 10, 20, 'bonus');
				CREATE INDEX idx_credits_type ON credits (type);
				DROP INDEX "credits_type_idx";
				DROP INDEX "payments_userId_createdAt_idx";
				""");
		assertThatThrownBy(
				() -> jdbc.execute("CREATE UNIQUE INDEX CONCURRENTLY \"credits_type_idx\" ON credits (type)"))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	/** Forgets V2 in Flyway's history and migrates again, which runs V2 alone. */
	private static MigrateResult rerunV2(TestDatabase scratch) {
		new JdbcTemplate(scratch.dataSource()).update("DELETE FROM flyway_schema_history WHERE version = '2'");
		Flyway flyway = MigratedDatabases.configuration(scratch).outOfOrder(true).load();
		MigrateResult result = flyway.migrate();
		assertThat(result.migrations).extracting((migration) -> migration.version).containsExactly("2");
		return result;
	}

}
