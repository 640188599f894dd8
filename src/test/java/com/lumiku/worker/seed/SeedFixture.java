package com.lumiku.worker.seed;

import java.time.Duration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.lumiku.worker.generation.GenerationQueueProperties;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seeders wired by hand over one test database, as the application wires them, plus
 * the queries the seed tests share.
 */
final class SeedFixture implements AutoCloseable {

	/** The 32 Lumiku tables. */
	static final List<String> LUMIKU_TABLES = List.of("users", "sessions", "devices", "credits", "payments",
			"tool_configs", "apps", "app_usages", "video_mixer_projects", "video_mixer_groups", "video_mixer_videos",
			"video_mixer_generations", "carousel_projects", "carousel_slides", "carousel_texts",
			"carousel_position_settings", "carousel_generations", "looping_flow_projects", "looping_flow_videos",
			"looping_flow_generations", "looping_flow_audio_layers", "ai_models", "subscription_plans", "subscriptions",
			"quota_usages", "model_usages", "avatar_projects", "avatars", "avatar_presets", "persona_examples",
			"avatar_usage_history", "avatar_generations");

	/** The four generation tables. */
	static final List<String> GENERATION_TABLES = List.of("video_mixer_generations", "carousel_generations",
			"looping_flow_generations", "avatar_generations");

	final TestDatabase database;

	final JdbcTemplate jdbc;

	final DemoSeeder demo;

	final ScaleSeeder scale;

	SeedFixture(TestDatabase database) {
		this.database = database;
		DataSource dataSource = database.dataSource();
		this.jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		// no looping-flow app configured: the demo rows only, no clips
		this.demo = new DemoSeeder(dataSource, this.jdbc, transaction,
				new GenerationQueueProperties(false, true, Duration.ofSeconds(1), Duration.ofSeconds(5), 500,
						Duration.ofMillis(20), Duration.ofSeconds(5), Map.of()));
		this.scale = new ScaleSeeder(this.jdbc, new NamedParameterJdbcTemplate(this.jdbc), transaction);
	}

	/**
	 * Users whose credits ledger does not chain
	 * (src/test/resources/sql/ledger_invariant.sql).
	 */
	List<Map<String, Object>> brokenLedgers() {
		return this.jdbc.queryForList(resource("sql/ledger_invariant.sql"));
	}

	/** Per table: row count and an md5 over every row's text, so any change shows. */
	Map<String, String> snapshot() {
		Map<String, String> snapshot = new LinkedHashMap<>();
		for (String table : LUMIKU_TABLES) {
			snapshot.put(table,
					this.jdbc.queryForObject(
							"SELECT count(*) || ' rows, md5 ' || md5(coalesce("
									+ "string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t",
							String.class));
		}
		return snapshot;
	}

	long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	static String resource(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		PostgresServer.get().dropDatabase(this.database);
	}

}
