package com.lumiku.worker.operator;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.lumiku.worker.seed.DemoSeeder;

import org.springframework.context.event.ContextClosedEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code serve}: runs the daemon until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Run the worker daemon: migrate the schema, then run the schedules in jobs/ and serve",
				"the operator API and /actuator/prometheus until stopped (SIGTERM stops it gracefully)." })
class ServeCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--demo", description = "Load the demo data (seed-demo) before serving. Idempotent.")
	boolean demo;

	@Override
	public Integer call() {
		WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.SERVE,
				this.demo ? DemoSeeder.serveProperties() : Map.of());
		CountDownLatch closed = new CountDownLatch(1);
		runtime.context().addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent) {
				closed.countDown();
			}
		});
		if (this.demo) {
			this.spec.commandLine().getOut().println(runtime.bean(DemoSeeder.class).seed());
		}
		try {
			closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

}
