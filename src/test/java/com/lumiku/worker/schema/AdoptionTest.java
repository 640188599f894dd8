package com.lumiku.worker.schema;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.TestRows;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database the Lumiku app created (V1's tables, Prisma's 128 {@code @@index}, the
 * optimization report's cleanup.sql indexes, see docs/lumiku-app.md#indexes, some rows)
 * adopted the way {@code LUMIKU_ADOPT_EXISTING=true} does it: Flyway baselines at version
 * 1 and runs V2 onward. The indexes end as on a fresh database and the rows survive.
 */
@Tag("schema")
class AdoptionTest {

	/** 32 primary keys + 13 unique indexes + 128 {@code @@index}. */
	static final int INDEXES_FROM_PRISMA = 173;

	/** Prisma's 173 + the 72 cleanup.sql idx_* that PostgreSQL accepts (of 74). */
	static final int INDEXES_WITH_CLEANUP_SQL = 245;

	private static TestDatabase database;

	private static JdbcTemplate jdbc;

	private static int indexesFromPrisma;

	private static int indexesWithCleanupSql;

	private static List<String> redundantBeforeAdoption;

	private static MigrateResult adoption;

	private static Flyway flyway;

	@BeforeAll
	static void createLumikuAppDatabaseAndAdoptIt() {
		database = PostgresServer.get().newDatabase("adoption");
		jdbc = new JdbcTemplate(database.dataSource());
		IndexCatalog.runScript(database.dataSource(), "db/migration/V1__lumiku_schema.sql");
		IndexCatalog.runScript(database.dataSource(), "lumiku-app/prisma_indexes.sql");
		indexesFromPrisma = IndexCatalog.indexNames(jdbc).size();
		insertAppRows();
		IndexCatalog.runScript(database.dataSource(), "lumiku-app/cleanup_indexes.sql");
		indexesWithCleanupSql = IndexCatalog.indexNames(jdbc).size();
		redundantBeforeAdoption = IndexCatalog.redundantIndexes(jdbc);

		flyway = MigratedDatabases.configuration(database).baselineOnMigrate(true).baselineVersion("1").load();
		adoption = flyway.migrate();
	}

	@AfterAll
	static void drop() {
		PostgresServer.get().dropDatabase(database);
	}

	private static void insertAppRows() {
		TestRows.user("cladopt0000000000000user1")
			.email("ana@lumiku.test")
			.set("password", "hash")
			.updatedAt(LocalDateTime.parse("2025-10-01T08:00:00"))
			.insert(jdbc);
		TestRows.user("cladopt0000000000000user2")
			.email("budi@lumiku.test")
			.set("password", "hash")
			.updatedAt(LocalDateTime.parse("2025-10-02T09:00:00"))
			.insert(jdbc);
		TestRows.credit("cladopt000000000000credit1", "cladopt0000000000000user1")
			.createdAt(LocalDateTime.parse("2025-10-01T08:00:00"))
			.insert(jdbc);
		TestRows.credit("cladopt000000000000credit2", "cladopt0000000000000user1")
			.amount(-10)
			.balance(90)
			.type("usage")
			.createdAt(LocalDateTime.parse("2025-10-03T10:00:00"))
			.insert(jdbc);
		jdbc.execute("""
				INSERT INTO video_mixer_projects (id, "userId", name, "updatedAt") VALUES
				  ('cladopt00000000000project', 'cladopt0000000000000user2', 'Launch video', '2025-10-04 11:00:00');
				""");
	}

	@Test
	void the_app_database_has_173_indexes_from_prisma_and_245_with_cleanup_sql() {
		assertThat(indexesFromPrisma).isEqualTo(INDEXES_FROM_PRISMA);
		assertThat(indexesWithCleanupSql).isEqualTo(INDEXES_WITH_CLEANUP_SQL);
	}

	@Test
	void the_redundancy_query_finds_every_left_prefix_prisma_index_and_every_exact_cleanup_sql_duplicate() {
		Set<String> redundant = new TreeSet<>();
		redundantBeforeAdoption.forEach((row) -> redundant.add(row.substring(row.indexOf('.') + 1, row.indexOf(' '))));
		Set<String> expected = new TreeSet<>();
		IndexCatalog.droppedIndexes()
			.stream()
			.filter((row) -> row[1].equals("left-prefix") || row[1].equals("exact duplicate"))
			.forEach((row) -> expected.add(row[0]));
		assertThat(expected).hasSize(40 + 46);
		assertThat(redundant).containsAll(expected);
		// plus the 4 single-column DESC copies of an ASC index (a backward scan is as
		// good)
		assertThat(redundant).hasSize(90);
	}

	@Test
	void the_two_cleanup_sql_indexes_with_now_in_their_predicate_fail_on_postgresql() {
		assertThatThrownBy(() -> jdbc
			.execute("CREATE INDEX idx_sessions_expires_at ON sessions (\"expiresAt\") WHERE \"expiresAt\" > NOW()"))
			.isInstanceOf(BadSqlGrammarException.class)
			.cause()
			.hasMessageContaining("functions in index predicate must be marked IMMUTABLE");
		assertThatThrownBy(() -> jdbc
			.execute("CREATE INDEX idx_quota_usages_reset_at ON quota_usages (\"resetAt\") WHERE \"resetAt\" > NOW()"))
			.isInstanceOf(BadSqlGrammarException.class)
			.cause()
			.hasMessageContaining("functions in index predicate must be marked IMMUTABLE");
	}

	@Test
	void adoption_baselines_at_version_1_and_applies_every_later_migration() {
		assertThat(adoption.success).isTrue();
		MigrationInfo[] applied = flyway.info().applied();
		assertThat(applied[0].getType()).isEqualTo(CoreMigrationType.BASELINE);
		assertThat(applied[0].getVersion().getVersion()).isEqualTo("1");
		List<String> resolvedAfterV1 = Arrays.stream(flyway.info().all())
			.filter((info) -> info.getType() != CoreMigrationType.BASELINE)
			.map((info) -> info.getVersion().getVersion())
			.filter((version) -> !version.equals("1"))
			.toList();
		assertThat(resolvedAfterV1).startsWith("2").contains("3", "4", "5", "6", "7");
		assertThat(Arrays.stream(applied).skip(1).map((info) -> info.getVersion().getVersion()))
			.containsExactlyElementsOf(resolvedAfterV1);
		assertThat(Arrays.stream(applied).skip(1).map(MigrationInfo::getState))
			.allMatch((state) -> state == MigrationState.SUCCESS);
		assertThat(flyway.info().pending()).isEmpty();
	}

	@Test
	void the_redundant_prisma_and_cleanup_sql_indexes_are_gone_and_the_kept_ones_present() {
		Set<String> dropped = new TreeSet<>();
		IndexCatalog.droppedIndexes().forEach((row) -> dropped.add(row[0]));
		Set<String> names = IndexCatalog.indexNames(jdbc);
		assertThat(names).doesNotContainAnyElementsOf(dropped);
		assertThat(names).containsAll(IndexCatalog.keptIndexes());
		assertThat(names).hasSize(IndexesTest.INDEXES_AFTER_V2);
		assertThat(IndexCatalog.redundantIndexes(jdbc)).isEmpty();
		assertThat(IndexCatalog.invalidIndexes(jdbc)).isEmpty();
	}

	@Test
	void the_adopted_database_has_exactly_the_indexes_of_a_fresh_one() {
		TestDatabase fresh = MigratedDatabases.fresh("adoptionref");
		try {
			assertThat(IndexCatalog.indexDefinitions(jdbc))
				.containsExactlyElementsOf(IndexCatalog.indexDefinitions(new JdbcTemplate(fresh.dataSource())));
		}
		finally {
			PostgresServer.get().dropDatabase(fresh);
		}
	}

	@Test
	void the_app_rows_survive_adoption() {
		assertThat(jdbc.queryForList("SELECT email FROM users ORDER BY email", String.class))
			.containsExactly("ana@lumiku.test", "budi@lumiku.test");
		assertThat(jdbc.queryForList("""
				SELECT balance FROM credits WHERE "userId" = 'cladopt0000000000000user1' ORDER BY "createdAt" DESC
				""", Integer.class)).containsExactly(90, 100);
		assertThat(jdbc.queryForObject("SELECT name FROM video_mixer_projects", String.class))
			.isEqualTo("Launch video");
	}

}
