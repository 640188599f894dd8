package com.lumiku.worker.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import javax.sql.DataSource;

import com.lumiku.worker.cluster.FixedDelayLoop;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue processor of one process: per app its handler threads, one completion writer,
 * one LISTEN connection (optional), and a maintenance thread that rescues expired leases
 * every {@code rescue-interval} and samples the gauges. Plain Java, so the daemon
 * ({@link GenerationQueue}) and the {@code bench generation-queue} command run the same
 * code.
 */
public final class GenerationProcessor {

	private static final Logger logger = LoggerFactory.getLogger(GenerationProcessor.class);

	private static final String COMPLETIONS = "lumiku-generation-completions-";

	private final DataSource dataSource;

	private final String owner;

	private final GenerationQueueProperties properties;

	private final List<AppSettings> apps;

	private final Function<AppSettings, GenerationHandler> handlers;

	private final GenerationMetrics metrics;

	private final List<Thread> threads = new ArrayList<>();

	private final List<AppWorker> workers = new ArrayList<>();

	/**
	 * Rows this process holds per table (claimed, not yet written back): bounded so
	 * claims never run far ahead of the completion writer.
	 */
	private final Map<GenerationTable, Semaphore> inFlight = new ConcurrentHashMap<>();

	private QueueWakeup wakeup;

	private CompletionWriter completions;

	private final FixedDelayLoop maintenance = new FixedDelayLoop("lumiku-generation-rescue");

	GenerationProcessor(DataSource dataSource, String owner, GenerationQueueProperties properties,
			List<AppSettings> apps, Function<AppSettings, GenerationHandler> handlers, GenerationMetrics metrics) {
		this.dataSource = dataSource;
		this.owner = owner;
		this.properties = properties;
		this.apps = apps;
		this.handlers = handlers;
		this.metrics = metrics;
	}

	/**
	 * A processor whose apps all run one handler, with its own metrics registry: the
	 * {@code bench generation-queue} command's.
	 */
	public static GenerationProcessor withHandler(DataSource dataSource, String owner,
			GenerationQueueProperties properties, List<AppSettings> apps, GenerationHandler handler,
			MeterRegistry registry) {
		return new GenerationProcessor(dataSource, owner, properties, apps, (app) -> handler,
				new GenerationMetrics(registry));
	}

	/** Builds the handlers and starts every thread. */
	public synchronized void start() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		LockAndFetchGenerations claims = new LockAndFetchGenerations(jdbc, this.owner);
		FailGeneration failures = new FailGeneration(jdbc, transactions, this.owner);
		RescueExpiredLeases rescue = new RescueExpiredLeases(jdbc, failures);
		this.wakeup = new QueueWakeup(this.dataSource);
		this.completions = new CompletionWriter(new CompleteGenerations(jdbc, this.owner), this.metrics,
				this.properties.completionBatch(), this.properties.completionFlush(), (table, count) -> {
					this.inFlight.get(table).release(count);
					this.wakeup.doorbell(table).ring();
				});
		int writers = Math.max(1,
				Math.min(CompletionWriter.MAX_WRITERS, this.apps.stream().mapToInt(AppSettings::threads).sum()));
		for (int i = 1; i <= writers; i++) {
			start(COMPLETIONS + i, this.completions);
		}
		if (this.properties.listen()) {
			start("lumiku-generation-listen", this.wakeup);
		}
		for (AppSettings settings : this.apps) {
			this.inFlight.put(settings.table(), new Semaphore(2 * settings.threads() * settings.claimBatch()));
		}
		for (AppSettings settings : this.apps) {
			GenerationHandler handler = this.handlers.apply(settings);
			for (int i = 1; i <= settings.threads(); i++) {
				AppWorker worker = new AppWorker(settings, handler, claims, failures, this.completions,
						this.wakeup.doorbell(settings.table()), this.metrics, this.properties.pollInterval(),
						this.inFlight.get(settings.table()));
				this.workers.add(worker);
				start("lumiku-generation-" + settings.app() + "-" + i, worker);
			}
		}
		this.maintenance.start(Duration.ZERO, this.properties.rescueInterval(), () -> maintain(jdbc, rescue));
		logger.info("Generation queue started as {}: {}", this.owner,
				this.apps.stream().map((a) -> a.app() + " x" + a.threads() + " (" + a.handler().kind() + ")").toList());
	}

	/**
	 * Stops claiming, lets running attempts finish (bounded by {@code grace}) and writes
	 * their completions. Rows still running after that keep their lease and are rescued.
	 */
	public synchronized void stop(Duration grace) {
		this.workers.forEach(AppWorker::stop);
		if (this.wakeup != null) {
			this.wakeup.stop();
		}
		this.maintenance.stop();
		long deadline = System.nanoTime() + grace.toNanos();
		for (Thread thread : this.threads) {
			if (thread.getName().startsWith(COMPLETIONS)) {
				continue;
			}
			join(thread, deadline);
		}
		if (this.completions != null) {
			this.completions.stop();
		}
		this.threads.forEach((thread) -> join(thread, deadline));
		this.threads.clear();
		this.workers.clear();
	}

	private void maintain(JdbcTemplate jdbc, RescueExpiredLeases rescue) {
		try {
			for (AppSettings settings : this.apps) {
				RescueExpiredLeases.Rescued rescued = rescue.rescue(settings, 1000);
				this.metrics.outcome(settings.app(), "rescued", rescued.requeued());
				this.metrics.outcome(settings.app(), "failed", rescued.failed());
				if (rescued.requeued() + rescued.failed() > 0) {
					logger.warn("{}: {} expired lease(s) back to pending, {} failed for good ({} credits refunded)",
							settings.app(), rescued.requeued(), rescued.failed(), rescued.refunded());
					this.metrics.refund(settings.app(), rescued.refunded());
					this.wakeup.doorbell(settings.table()).ring();
				}
			}
			this.metrics.sample(jdbc);
		}
		catch (Throwable ex) {
			logger.warn("Generation queue maintenance failed (will retry): {}", ex.getMessage());
		}
	}

	private void start(String name, Runnable runnable) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	private static void join(Thread thread, long deadline) {
		try {
			thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The handler factories by kind, as a function of an app's settings. */
	static Function<AppSettings, GenerationHandler> handlers(Map<String, HandlerFactory> factories, JdbcTemplate jdbc) {
		return (settings) -> {
			HandlerFactory factory = factories.get(settings.handler().kind());
			if (factory == null) {
				throw new IllegalArgumentException("lumiku.generation.apps." + settings.app() + ".handler.kind '"
						+ settings.handler().kind() + "' is unknown; use one of " + factories.keySet());
			}
			return factory.create(settings, jdbc);
		};
	}

}
