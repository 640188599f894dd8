package com.lumiku.worker.partition;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code partitions convert} and {@code partitions rollback} on the real schema: the
 * catalog (indexes, constraints, triggers, grants) survives both, inserts go on
 * throughout, and a conversion interrupted after any step resumes.
 */
@SpringBootTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PartitionConversionTest extends WorkerIntegrationTest {

	/** Every index, constraint and trigger of a table and of its partitions' parents. */
	private static final String CATALOG = """
			SELECT 'index ' || i.relname || ': ' || regexp_replace(pg_get_indexdef(i.oid), ' ON (ONLY )?\\S+ ', ' ON t ')
			FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = to_regclass(?)
			UNION ALL
			SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE conrelid = to_regclass(?)
			UNION ALL
			SELECT 'trigger ' || tgname || ': ' || pg_get_triggerdef(oid)
			FROM pg_trigger WHERE tgrelid = to_regclass(?) AND NOT tgisinternal
			UNION ALL
			SELECT 'grant ' || grantee || ': ' || privilege_type FROM information_schema.role_table_grants
			WHERE table_name = ?
			ORDER BY 1
			""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	PartitionProperties properties;

	PartitionOperations operations;

	@BeforeEach
	void operations() {
		this.operations = new PartitionOperations(this.dataSource, this.properties, Clock.systemUTC());
		this.jdbc.update(
				"INSERT INTO users (id, email, password, name, \"updatedAt\") VALUES ('u1', 'u1@x', 'x', 'U', now())"
						+ " ON CONFLICT DO NOTHING");
	}

	@Test
	void conversion_keeps_every_index_constraint_and_change_capture_trigger_and_rollback_restores_the_catalog() {
		this.jdbc.execute("""
				CREATE TABLE IF NOT EXISTS captured (table_name text, rows int);
				CREATE OR REPLACE FUNCTION capture_credits() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN INSERT INTO captured SELECT TG_TABLE_NAME, count(*) FROM new_rows; RETURN NULL; END $$;
				CREATE TRIGGER credits_capture AFTER INSERT ON credits REFERENCING NEW TABLE AS new_rows
				    FOR EACH STATEMENT EXECUTE FUNCTION capture_credits();
				""");
		insertCredit("c-before", "2025-03-04 10:00:00");
		List<String> before = catalog("credits");

		this.operations.convert("credits", false);

		assertThat(this.jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = 'credits'::regclass",
				String.class))
			.isEqualTo("p");
		List<String> after = catalog("credits");
		assertThat(after).as("the same index and constraint names and definitions, but the primary key")
			.containsAll(before.stream().filter((line) -> !line.contains("credits_pkey")).toList())
			.contains("constraint credits_pkey: PRIMARY KEY (id, \"createdAt\")");
		assertThat(names(after)).containsExactlyInAnyOrderElementsOf(names(before));
		insertCredit("c-after", "2026-12-01 00:00:00");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE id IN ('c-before', 'c-after')",
				Integer.class))
			.isEqualTo(2);
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM captured WHERE table_name = 'credits'", Integer.class))
			.as("the change-capture trigger fired on the partitioned table")
			.isEqualTo(2);

		this.operations.rollback("credits");

		assertThat(this.jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = 'credits'::regclass",
				String.class))
			.isEqualTo("r");
		assertThat(catalog("credits")).as("rollback gives back the original catalog").isEqualTo(before);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE id IN ('c-before', 'c-after')",
				Integer.class))
			.isEqualTo(2);
	}

	@Test
	void every_insert_made_while_the_table_is_converted_succeeds_and_is_kept() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger inserted = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		Thread app = new Thread(() -> {
			while (!stop.get()) {
				try {
					this.jdbc.update("INSERT INTO app_usages (id, \"userId\", \"appId\", action, \"creditUsed\")"
							+ " VALUES (?, 'u1', 'video-mixer', 'generate', 1)", "au-" + inserted.get());
					inserted.incrementAndGet();
				}
				catch (RuntimeException ex) {
					failed.incrementAndGet();
				}
			}
		});
		app.start();
		waitFor(() -> inserted.get() > 50);
		List<String> steps = this.operations.convert("app_usages", false);
		waitFor(() -> inserted.get() > steps.size() + 100);
		stop.set(true);
		app.join();

		assertThat(failed.get()).as("failed app inserts").isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM app_usages WHERE id LIKE 'au-%'", Integer.class))
			.isEqualTo(inserted.get());
		assertThat(this.operations.status()).anySatisfy((line) -> assertThat(line).startsWith("app_usages\tconverted"));
	}

	@Test
	void a_conversion_interrupted_after_each_step_resumes_to_the_end_and_the_dry_run_changes_nothing() {
		List<String> plan = this.operations.convert("model_usages", true);
		assertThat(plan).anySatisfy((line) -> assertThat(line).contains("CREATE UNIQUE INDEX CONCURRENTLY"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.partition_conversion", Integer.class))
			.isZero();
		for (String step : List.of("planned", "indexed", "checked", "built")) {
			assertThatThrownBy(() -> this.operations.convert(ArchivedTable.MODEL_USAGES, false, Optional.of(step)))
				.hasMessageContaining("injected failure after conversion step " + step);
			assertThat(this.jdbc.queryForObject(
					"SELECT state FROM lumiku_worker.partition_conversion WHERE table_name = 'model_usages'",
					String.class))
				.isEqualTo(step);
		}
		this.operations.convert("model_usages", false);
		assertThat(this.jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = 'model_usages'::regclass",
				String.class))
			.isEqualTo("p");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM pg_inherits WHERE inhparent = 'model_usages'::regclass", Integer.class))
			.as("legacy plus this month plus 3 premade, at least")
			.isGreaterThanOrEqualTo(4);
	}

	private void insertCredit(String id, String createdAt) {
		this.jdbc.update("INSERT INTO credits (id, \"userId\", amount, balance, type, \"createdAt\")"
				+ " VALUES (?, 'u1', 0, 0, 'bonus', ?::timestamp)", id, createdAt);
	}

	private List<String> catalog(String table) {
		return this.jdbc.queryForList(CATALOG, String.class, table, table, table, table);
	}

	private static List<String> names(List<String> catalog) {
		return catalog.stream().map((line) -> line.substring(0, line.indexOf(':'))).toList();
	}

	static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 30s");
			}
			Thread.sleep(5);
		}
	}

	static Map<String, Object> none() {
		return Map.of();
	}

}
