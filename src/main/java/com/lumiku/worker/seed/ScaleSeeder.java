package com.lumiku.worker.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds synthetic users with realistic history, set-based ({@code seed/scale.sql}, one
 * {@code generate_series} per table), in batches that each commit on their own.
 */
@Component
public class ScaleSeeder {

	/**
	 * Users per transaction: big enough for set-based speed, small enough to keep WAL and
	 * locks short.
	 */
	static final int BATCH_SIZE = 10_000;

	private static final String STATEMENT_SEPARATOR = "-- ;;";

	private static final Logger logger = LoggerFactory.getLogger(ScaleSeeder.class);

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final TransactionTemplate transaction;

	public ScaleSeeder(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.named = named;
		this.transaction = transaction;
	}

	/**
	 * Adds {@code count} synthetic users after the highest one already present.
	 * @param count how many users to add
	 * @return a one-line summary
	 */
	public String addUsers(long count) {
		long started = System.nanoTime();
		List<String> statements = Arrays.stream(read("seed/scale.sql").split(STATEMENT_SEPARATOR))
			.map(String::strip)
			.filter(ScaleSeeder::hasSql)
			.toList();
		Long first = this.jdbc.queryForObject(read("seed/scale_next_first.sql"), Long.class);
		long next = (first != null) ? first : 1L;
		long end = next + count;
		for (long batchFirst = next; batchFirst < end; batchFirst += BATCH_SIZE) {
			long batchCount = Math.min(BATCH_SIZE, end - batchFirst);
			Map<String, Long> parameters = Map.of("first", batchFirst, "count", batchCount);
			this.transaction
				.executeWithoutResult((status) -> statements.forEach((sql) -> this.named.update(sql, parameters)));
			logger.info("Synthetic users {} to {} added", batchFirst, batchFirst + batchCount - 1);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		return String.format("Added %d synthetic users (numbers %d to %d) in %.1f s; rows now: %s", count, next,
				end - 1, took.toMillis() / 1000.0, RowCounts.of(this.jdbc, DemoSeeder.SUMMARY_TABLES));
	}

	private static boolean hasSql(String chunk) {
		return chunk.lines().map(String::strip).anyMatch((line) -> !line.isEmpty() && !line.startsWith("--"));
	}

	private static String read(String resource) {
		try {
			return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Missing class-path resource " + resource, ex);
		}
	}

}
