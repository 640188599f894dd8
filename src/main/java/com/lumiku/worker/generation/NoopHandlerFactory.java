package com.lumiku.worker.generation;

import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code kind: noop}: completes every generation at once with the configured
 * {@code outputs}; for benchmarks and dry runs.
 */
@Component
class NoopHandlerFactory implements HandlerFactory {

	@Override
	public String kind() {
		return "noop";
	}

	@Override
	public GenerationHandler create(AppSettings settings, JdbcTemplate jdbc) {
		Map<String, String> outputs = settings.handler().outputs();
		if (outputs.isEmpty()) {
			return GenerationHandler.withoutRow((generation) -> Map.of());
		}
		GenerationHandler handler = (generation) -> {
			Map<String, String> values = HandlerTemplates.values(settings, generation, jdbc);
			Map<String, String> resolved = new java.util.HashMap<>();
			outputs.forEach((column, template) -> resolved.put(column, HandlerTemplates.resolve(template, values)));
			return resolved;
		};
		return HandlerTemplates.readRow(outputs.values()) ? handler : GenerationHandler.withoutRow(handler);
	}

}
