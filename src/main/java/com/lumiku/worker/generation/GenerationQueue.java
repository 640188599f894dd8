package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import com.lumiku.worker.cluster.WorkerIdentity;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code generation-queue} component of the daemon ({@code lumiku.mode=serve},
 * {@code lumiku.generation.enabled=true}): a long-running processor, not a scheduled job,
 * because new rows must start within a second. The lease owner is this process's worker
 * id. It starts after the context is up and stops before Quartz and the data source.
 */
@Component
@ConditionalOnProperty(name = "lumiku.mode", havingValue = "serve")
class GenerationQueue implements SmartLifecycle {

	private final GenerationProcessor processor;

	private volatile boolean running;

	GenerationQueue(DataSource dataSource, WorkerIdentity identity, GenerationQueueProperties properties,
			List<HandlerFactory> factories, MeterRegistry registry) {
		Map<String, HandlerFactory> byKind = factories.stream()
			.collect(Collectors.toMap(HandlerFactory::kind, (factory) -> factory));
		List<AppSettings> apps = properties.settings();
		GenerationProcessor processor = new GenerationProcessor(dataSource, identity.id(), properties, apps,
				GenerationProcessor.handlers(byKind, new JdbcTemplate(dataSource)), new GenerationMetrics(registry));
		this.processor = properties.enabled() ? processor : null;
	}

	@Override
	public void start() {
		if (this.processor != null) {
			this.processor.start();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.processor != null) {
			this.processor.stop(Duration.ofSeconds(20));
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

}
