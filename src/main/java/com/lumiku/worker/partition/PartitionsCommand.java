package com.lumiku.worker.partition;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.lumiku.worker.operator.WorkerRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code partitions convert|rollback|status}: the online conversion of credits,
 * app_usages and model_usages to monthly partitions (docs/partitions.md). Run it as the
 * role that owns the tables (the migration role): it changes the schema.
 */
@Command(name = "partitions", mixinStandardHelpOptions = true,
		description = "Convert a table to monthly partitions online, roll it back, or show the partitions.",
		subcommands = { PartitionsCommand.Convert.class, PartitionsCommand.Rollback.class,
				PartitionsCommand.Status.class })
public class PartitionsCommand {

	static int withOperations(CommandSpec spec, Function<PartitionOperations, List<String>> action) {
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			PrintWriter out = spec.commandLine().getOut();
			action.apply(runtime.bean(PartitionOperations.class)).forEach(out::println);
			out.flush();
		}
		return 0;
	}

	@Command(name = "convert", mixinStandardHelpOptions = true,
			description = { "Convert TABLE (credits, app_usages, model_usages) to monthly range partitions on",
					"\"createdAt\" while the app keeps writing; resumes an interrupted conversion." })
	static class Convert implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "TABLE")
		String table;

		@Option(names = "--dry-run", description = "Print the plan (every step and statement); change nothing.")
		boolean dryRun;

		@Override
		public Integer call() {
			return withOperations(this.spec, (operations) -> operations.convert(this.table, this.dryRun));
		}

	}

	@Command(name = "rollback", mixinStandardHelpOptions = true,
			description = "Turn a converted TABLE back into a plain table (every archived month must be restored first).")
	static class Rollback implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "TABLE")
		String table;

		@Override
		public Integer call() {
			return withOperations(this.spec, (operations) -> operations.rollback(this.table));
		}

	}

	@Command(name = "status", mixinStandardHelpOptions = true,
			description = "Each table's conversion state and partitions.")
	static class Status implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			return withOperations(this.spec, PartitionOperations::status);
		}

	}

}
