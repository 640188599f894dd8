package com.lumiku.worker.chaos;

import java.util.List;
import java.util.Map;

import com.lumiku.worker.cluster.WorkerIdentity;
import com.lumiku.worker.generation.AppSettings;
import com.lumiku.worker.generation.GenerationHandler;
import com.lumiku.worker.generation.GenerationQueueProperties;
import com.lumiku.worker.generation.HandlerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test-only handler kind {@code chaos} (with {@code lumiku.test-jobs.enabled=true}) for
 * the chaos suite's queue: every call is recorded as (id, attempt, worker) in
 * {@code chaos_calls}, committed before the handler does anything else, and the row's id
 * says how the attempt behaves:
 * <ul>
 * <li>{@code -fast}: succeeds at once;</li>
 * <li>{@code -slow}: succeeds after 1.5 s;</li>
 * <li>{@code -flaky}: fails its first attempt, then succeeds;</li>
 * <li>{@code -fail}: fails every attempt (the row fails for good and is refunded);</li>
 * <li>{@code -hang}: its first attempt runs {@code sleep 10} through the shipped
 * {@code command} handler, which kills it at the app's timeout; later attempts
 * succeed.</li>
 * </ul>
 * A success writes {@code outputPath = /out/<id>/<attempt>/<worker>}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lumiku.test-jobs.enabled", havingValue = "true")
class ChaosHandlerConfiguration {

	static final String CALLS_TABLE = """
			CREATE TABLE IF NOT EXISTS chaos_calls (generation_id text NOT NULL, attempt int NOT NULL,
			    worker text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())""";

	@Bean
	HandlerFactory chaosHandlerFactory(WorkerIdentity identity, ObjectProvider<HandlerFactory> factories) {
		return new HandlerFactory() {

			@Override
			public String kind() {
				return "chaos";
			}

			@Override
			public GenerationHandler create(AppSettings settings, JdbcTemplate jdbc) {
				jdbc.update(CALLS_TABLE);
				GenerationHandler hanging = commandHandler(factories, settings, jdbc);
				return (generation) -> {
					jdbc.update("INSERT INTO chaos_calls (generation_id, attempt, worker) VALUES (?, ?, ?)",
							generation.id(), generation.attempt(), identity.id());
					String id = generation.id();
					if (id.endsWith("-slow")) {
						Thread.sleep(1_500);
					}
					else if (id.endsWith("-fail") || (id.endsWith("-flaky") && generation.attempt() == 1)) {
						throw new IllegalStateException("chaos failure of " + id + " attempt " + generation.attempt());
					}
					else if (id.endsWith("-hang") && generation.attempt() == 1) {
						return hanging.handle(generation);
					}
					// who completed which attempt, so the checks can tell a lost holder's
					// late completion from the current holder's
					return Map.of("outputPath", "/out/" + id + "/" + generation.attempt() + "/" + identity.id());
				};
			}

		};
	}

	/** The shipped command handler, running a program that outlives the app's timeout. */
	private static GenerationHandler commandHandler(ObjectProvider<HandlerFactory> factories, AppSettings settings,
			JdbcTemplate jdbc) {
		HandlerFactory command = factories.orderedStream()
			.filter((factory) -> factory.kind().equals("command"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no command handler kind"));
		GenerationQueueProperties.Handler handler = new GenerationQueueProperties.Handler("command", null,
				List.of("sleep", "10"), Map.of(), null, Map.of());
		return command.create(new AppSettings(settings.table(), handler, settings.threads(), settings.concurrency(),
				settings.perUserCap(), settings.scanWidth(), settings.claimBatch(), settings.timeout(),
				settings.lease(), settings.maxAttempts(), settings.backoff(), settings.maxBackoff()), jdbc);
	}

}
