package com.lumiku.worker.partition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the archive tests share: time set by a clock (the tables are converted as of
 * 2025-01-15: legacy partition before 2025-02, partitions premade to 2025-04; then
 * maintained as of 2026-06-15), an archive directory, a meter registry and row builders.
 */
@SpringBootTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class ArchiveTestSupport extends WorkerIntegrationTest {

	static final Clock CONVERTED = Clock.fixed(Instant.parse("2025-01-15T12:00:00Z"), ZoneOffset.UTC);

	static final Clock MAINTAINED = Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), ZoneOffset.UTC);

	/**
	 * A table's rows, one fingerprint per month: count and md5 of every column in order.
	 */
	static final String MONTHS = """
			SELECT month || ' ' || count(*) || ' ' || md5(string_agg(row_text, '|' ORDER BY id))
			FROM (SELECT to_char(date_trunc('month', "createdAt"), 'YYYY-MM') AS month, id, t::text AS row_text
			      FROM %s t WHERE id NOT LIKE 'archive-%%') AS rows
			GROUP BY month ORDER BY month
			""";

	static final String NEWEST_BALANCES = """
			SELECT DISTINCT ON ("userId") "userId" || '=' || balance FROM credits ORDER BY "userId", "createdAt" DESC, id DESC
			""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@TempDir
	Path archive;

	final MeterRegistry registry = new SimpleMeterRegistry();

	PartitionMaintenance maintenance(Map<String, Integer> retention, StepHook hook) {
		return new PartitionMaintenance(this.dataSource, properties(retention),
				new PartitionMetrics(this.jdbc, this.registry), MAINTAINED, hook);
	}

	PartitionProperties properties(Map<String, Integer> retention) {
		return new PartitionProperties(3, this.archive, retention, Duration.ofSeconds(2), 5, 100);
	}

	void convert(String table) {
		new PartitionOperations(this.dataSource, properties(Map.of()), CONVERTED).convert(table, false);
		// the job has run every day since: months are premade up to 2026-09, nothing
		// archived
		assertThat(maintenance(Map.of(), StepHook.NONE).run(false).failures()).isEmpty();
	}

	static StepHook failOnce(String step) {
		AtomicBoolean fired = new AtomicBoolean();
		return (table, state) -> {
			if (state.equals(step) && fired.compareAndSet(false, true)) {
				throw new PartitionException("injected failure after " + step);
			}
		};
	}

	List<String> archives(String table) {
		return this.jdbc.queryForList(
				"SELECT label || ' ' || state FROM lumiku_worker.archive WHERE table_name = ?" + " ORDER BY range_end",
				String.class, table);
	}

	void users(String... ids) {
		for (String id : ids) {
			this.jdbc
				.update("INSERT INTO users (id, email, password, name, \"updatedAt\") VALUES (?, ?, 'x', 'U', now())"
						+ " ON CONFLICT DO NOTHING", id, id + "@example.com");
		}
	}

	/** A chained ledger: pairs of day and amount. */
	void ledger(String user, Object... dayAmount) {
		int balance = 0;
		for (int i = 0; i < dayAmount.length; i += 2) {
			int amount = (Integer) dayAmount[i + 1];
			balance += amount;
			this.jdbc.update(
					"INSERT INTO credits (id, \"userId\", amount, balance, type, \"createdAt\")"
							+ " VALUES (?, ?, ?, ?, ?, ?::timestamp)",
					"c-" + user + "-" + i, user, amount, balance, (amount > 0) ? "bonus" : "usage", dayAmount[i]);
		}
	}

	void appUsage(String id, String createdAt) {
		this.jdbc.update("INSERT INTO app_usages (id, \"userId\", \"appId\", action, \"creditUsed\", \"createdAt\")"
				+ " VALUES (?, 'au1', 'video-mixer', 'generate', 1, ?::timestamp)", id, createdAt);
	}

	List<Map<String, Object>> brokenLedgers() throws IOException {
		return this.jdbc
			.queryForList(new ClassPathResource("sql/ledger_invariant.sql").getContentAsString(StandardCharsets.UTF_8));
	}

}
