package com.lumiku.worker.operator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.lumiku.worker.LumikuWorkerApplication;
import com.lumiku.worker.database.DatabaseSettings;
import com.lumiku.worker.database.EmbeddedDatabase;
import com.lumiku.worker.generation.GenerationConfigFile;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running worker application: the database it uses (embedded or external) and the
 * Spring context on top of it. Closing it closes the context, then stops an embedded
 * server this process started.
 */
public final class WorkerRuntime implements AutoCloseable {

	/** The shape of the application a command needs. */
	public enum Mode {

		/** The daemon: HTTP, actuator and the Quartz scheduler. */
		SERVE,

		/**
		 * A one-shot command: database and jobs, no web server, scheduler not started.
		 */
		TOOL

	}

	private final Optional<EmbeddedDatabase> embedded;

	private final ConfigurableApplicationContext context;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Thread shutdownHook = new Thread(this::close, "lumiku-worker-shutdown");

	private WorkerRuntime(Optional<EmbeddedDatabase> embedded, ConfigurableApplicationContext context) {
		this.embedded = embedded;
		this.context = context;
	}

	/**
	 * Resolves the database, starting the embedded one when no external server is
	 * configured, and starts the application (Flyway migrates the schema during
	 * start-up).
	 * @param mode daemon or tool
	 * @param extraProperties properties a command adds (they win over the configuration
	 * files)
	 * @return the running application
	 */
	public static WorkerRuntime start(Mode mode, Map<String, Object> extraProperties) {
		if (mode == Mode.SERVE) {
			GenerationConfigFile.check(GenerationConfigFile.location());
		}
		DatabaseSettings settings = DatabaseSettings.fromProcess();
		Optional<EmbeddedDatabase> embedded = settings.isEmbedded() ? Optional.of(EmbeddedDatabase
			.startOrAttach(settings.dataDirectory(), settings.embeddedPort(), settings.embeddedDurable()))
				: Optional.empty();
		try {
			String url = embedded.map(EmbeddedDatabase::jdbcUrl).orElseGet(() -> settings.url().orElseThrow());
			Map<String, Object> properties = new LinkedHashMap<>(settings.springProperties(url));
			properties.put("lumiku.mode", mode.name().toLowerCase(java.util.Locale.ROOT));
			if (mode == Mode.TOOL) {
				properties.put("spring.quartz.auto-startup", "false");
				properties.put("logging.level.root", "WARN");
				properties.put("logging.level.org.springframework.boot.SpringApplication", "OFF");
				properties.put("logging.level.org.springframework.boot.diagnostics", "OFF");
			}
			properties.putAll(extraProperties);
			ConfigurableApplicationContext context = new SpringApplicationBuilder(LumikuWorkerApplication.class)
				.web((mode == Mode.SERVE) ? WebApplicationType.SERVLET : WebApplicationType.NONE)
				.properties(properties)
				// One hook closes everything in order (see close()).
				.registerShutdownHook(false)
				.run();
			WorkerRuntime runtime = new WorkerRuntime(embedded, context);
			Runtime.getRuntime().addShutdownHook(runtime.shutdownHook);
			return runtime;
		}
		catch (RuntimeException ex) {
			embedded.ifPresent(EmbeddedDatabase::close);
			throw ex;
		}
	}

	/**
	 * Completes when the embedded server this runtime uses stops (see
	 * {@link EmbeddedDatabase#serverExit()}); never with an external server.
	 * @return what stopped
	 */
	public CompletableFuture<String> embeddedServerExit() {
		return this.embedded.map(EmbeddedDatabase::serverExit).orElseGet(CompletableFuture::new);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Closes the application context (which drains running chunks), then stops the
	 * embedded server if this process started it. Idempotent; also run by the JVM's
	 * shutdown hook on SIGTERM or Ctrl-C.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (Thread.currentThread() != this.shutdownHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is already shutting down.
			}
		}
		try {
			this.context.close();
		}
		finally {
			this.embedded.ifPresent(EmbeddedDatabase::close);
		}
	}

}
