package com.lumiku.worker.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.lumiku.worker.generation.GenerationQueueProperties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo world ({@code seed/demo.sql}, then each feature's
 * {@code seed/demo-*.sql} in name order; see docs/lumiku-app.md#demo-world) in one
 * transaction. The script only inserts rows it owns (fixed ids,
 * {@code ON CONFLICT DO NOTHING}), so it is idempotent and never touches anyone else's
 * data. Before the rows, the source clips of the demo's looping-flow generations are made
 * under the looping-flow handler's media root ({@link DemoClips}), so the queue renders
 * them. A feature's script may rely on the rows of {@code demo.sql}, never on another
 * feature's script.
 */
@Component
public class DemoSeeder {

	/** Tables whose row counts the summary reports. */
	static final List<String> SUMMARY_TABLES = List.of("users", "subscription_plans", "ai_models", "apps", "credits",
			"payments", "subscriptions", "quota_usages", "sessions", "video_mixer_generations", "carousel_generations",
			"looping_flow_generations", "avatar_generations");

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final GenerationQueueProperties queue;

	public DemoSeeder(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transaction,
			GenerationQueueProperties queue) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.queue = queue;
	}

	/**
	 * The properties {@code serve --demo} starts with: the demo's media root
	 * ({@code ./data/media} unless {@code LUMIKU_MEDIA_ROOT} is set).
	 */
	public static Map<String, Object> serveProperties() {
		return DemoClips.serveProperties();
	}

	/**
	 * Inserts the demo rows that are missing.
	 * @return a one-line summary with the row counts of the main tables afterwards
	 */
	public String seed() {
		DemoClips.mediaRoot(this.queue).ifPresent(DemoClips::create);
		ResourceDatabasePopulator script = new ResourceDatabasePopulator(scripts());
		script.setSqlScriptEncoding("UTF-8");
		this.transaction.executeWithoutResult((status) -> script.execute(this.dataSource));
		return "Demo data loaded; rows now: " + RowCounts.of(this.jdbc, SUMMARY_TABLES);
	}

	/**
	 * {@code seed/demo.sql} first, then the features' {@code seed/demo-*.sql} by name.
	 */
	static Resource[] scripts() {
		try {
			Resource[] features = new PathMatchingResourcePatternResolver().getResources("classpath*:seed/demo-*.sql");
			Arrays.sort(features, Comparator.comparing(Resource::getFilename));
			Resource[] all = new Resource[features.length + 1];
			all[0] = new ClassPathResource("seed/demo.sql");
			System.arraycopy(features, 0, all, 1, features.length);
			return all;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the demo scripts seed/demo-*.sql", ex);
		}
	}

}
