package com.lumiku.worker.operator;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import com.lumiku.worker.seed.DemoSeeder;
import com.lumiku.worker.subscription.GatewaySimulator;
import com.lumiku.worker.subscription.SubscriptionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import org.springframework.context.event.ContextClosedEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs the daemon until it is stopped.
 *
 * <p>
 * SIGTERM stops it gracefully (running chunks finish, the embedded server stops) and the
 * process exits 0. If the embedded PostgreSQL server dies under it, the daemon does not
 * serve on without it: it stops and exits 1 with the reason, for its supervisor (Docker,
 * systemd) to restart it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Run the worker daemon: migrate the schema, then run the schedules in jobs/ and serve",
				"the operator API and /actuator/prometheus until stopped (SIGTERM stops it gracefully, exit 0).",
				"Exits 1 if the embedded PostgreSQL server stops under it." })
class ServeCommand implements Callable<Integer> {

	private static final Logger logger = LoggerFactory.getLogger(ServeCommand.class);

	@Spec
	CommandSpec spec;

	@Option(names = "--demo", description = "Load the demo data (seed-demo) before serving. Idempotent.")
	boolean demo;

	/**
	 * This daemon's own gateway callback endpoint, where the demo's simulator posts an
	 * invoice's settlement when no {@code LUMIKU_GATEWAY_CALLBACK_URL} is configured.
	 */
	private static java.net.URI ownCallback(WorkerRuntime runtime) {
		String port = runtime.context().getEnvironment().getProperty("local.server.port", "8080");
		return java.net.URI.create("http://127.0.0.1:" + port + "/gateway/duitku/callback");
	}

	@Override
	public Integer call() {
		warnIfHeapUnbounded();
		CompletableFuture<Integer> stopped = new CompletableFuture<>();
		stopOnSigterm(stopped);
		WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.SERVE,
				this.demo ? DemoSeeder.serveProperties() : Map.of());
		Optional<GatewaySimulator> simulator = this.demo ? GatewaySimulator
			.startForDemo(runtime.bean(SubscriptionProperties.class).gateway().baseUrl(), ownCallback(runtime))
				: Optional.empty();
		try {
			runtime.context().addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent) {
					stopped.complete(0);
				}
			});
			runtime.embeddedServerExit().thenAccept((reason) -> {
				if (stopped.complete(1)) {
					logger.error("{}: the worker cannot run without its database; stopping (exit 1)", reason);
				}
			});
			if (this.demo) {
				this.spec.commandLine().getOut().println(runtime.bean(DemoSeeder.class).seed());
			}
			return stopped.join();
		}
		finally {
			simulator.ifPresent(GatewaySimulator::close);
			runtime.close();
		}
	}

	/**
	 * SIGTERM completes {@code stopped} instead of starting the JVM's shutdown, whose
	 * exit code is 143 however cleanly the hooks end; this method's caller then closes
	 * the runtime and returns 0.
	 */
	private static void stopOnSigterm(CompletableFuture<Integer> stopped) {
		try {
			Signal.handle(new Signal("TERM"), (signal) -> {
				logger.info("SIGTERM received: stopping gracefully");
				stopped.complete(0);
			});
		}
		catch (IllegalArgumentException ex) {
			// -Xrs, or a platform without SIGTERM: the JVM's shutdown hook still stops us
			logger.debug("Cannot handle SIGTERM: {}", ex.getMessage());
		}
	}

	/**
	 * Without {@code -Xmx} (or {@code -XX:MaxRAM...}), the JVM may grow its heap to a
	 * quarter of the machine's memory and keep it: say how to bound it.
	 */
	private static void warnIfHeapUnbounded() {
		List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
		boolean bounded = arguments.stream()
			.anyMatch((argument) -> argument.startsWith("-Xmx") || argument.startsWith("-XX:MaxHeapSize")
					|| argument.startsWith("-XX:MaxRAM"));
		if (!bounded) {
			logger.warn(
					"No maximum heap given: this JVM may grow to {} MiB. Run the worker as "
							+ "'java -Xmx256m -jar lumiku-worker.jar serve' (or set JDK_JAVA_OPTIONS=-Xmx256m)",
					Runtime.getRuntime().maxMemory() / (1024 * 1024));
		}
	}

}
