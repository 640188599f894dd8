package com.lumiku.worker.generation;

import java.util.Map;

import com.lumiku.worker.cluster.WorkerIdentity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test-only handler kind {@code recording} (with {@code lumiku.test-jobs.enabled=true},
 * also in the worker processes of the multi-process test): records every call as (id,
 * attempt, worker) in {@code generation_calls}, committed before it returns, and fails
 * every attempt of rows whose id ends in {@code -fail}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lumiku.test-jobs.enabled", havingValue = "true")
class RecordingHandlerConfiguration {

	@Bean
	HandlerFactory recordingHandlerFactory(WorkerIdentity identity) {
		return new HandlerFactory() {

			@Override
			public String kind() {
				return "recording";
			}

			@Override
			public GenerationHandler create(AppSettings settings, JdbcTemplate jdbc) {
				jdbc.update("""
						CREATE TABLE IF NOT EXISTS generation_calls (generation_id text NOT NULL, attempt int NOT NULL,
						    worker text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())""");
				return (generation) -> {
					jdbc.update("INSERT INTO generation_calls (generation_id, attempt, worker) VALUES (?, ?, ?)",
							generation.id(), generation.attempt(), identity.id());
					if (generation.id().endsWith("-fail")) {
						throw new IllegalStateException("recorded failure of " + generation.id());
					}
					return Map.of("outputPath", "/out/" + generation.id());
				};
			}

		};
	}

}
