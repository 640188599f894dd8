package com.lumiku.worker.operator;

import java.util.Map;
import java.util.concurrent.Callable;

import com.lumiku.worker.seed.DemoSeeder;
import com.lumiku.worker.seed.ScaleSeeder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code seed-demo}: loads the demo world, and optionally N synthetic users. */
@Command(name = "seed-demo", mixinStandardHelpOptions = true,
		description = { "Load the report's test world (6 users, 4 plans, 7 AI models, 4 apps and their history),",
				"with the report seed's bugs fixed. Idempotent; never deletes or changes other rows." })
class SeedDemoCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--scale", paramLabel = "N", defaultValue = "0",
			description = "Also add N synthetic users with realistic history (each run adds N more).")
	long scale;

	@Override
	public Integer call() {
		if (this.scale < 0) {
			throw new ParameterException(this.spec.commandLine(), "--scale must be 0 or more, got " + this.scale);
		}
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			this.spec.commandLine().getOut().println(runtime.bean(DemoSeeder.class).seed());
			if (this.scale > 0) {
				this.spec.commandLine().getOut().println(runtime.bean(ScaleSeeder.class).addUsers(this.scale));
			}
		}
		return 0;
	}

}
