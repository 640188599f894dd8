package com.lumiku.worker.operator;

import java.util.Map;
import java.util.concurrent.Callable;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migrate}: brings the database schema up to date, then exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
		description = { "Apply the schema migrations (the Lumiku tables, the worker's indexes, CHECK constraints,",
				"monitoring views, Spring Batch and Quartz tables) and exit. Safe to run repeatedly.",
				"To adopt a database the Lumiku app already created, set LUMIKU_ADOPT_EXISTING=true once." })
class MigrateCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			MigrationInfo current = runtime.bean(Flyway.class).info().current();
			this.spec.commandLine()
				.getOut()
				.println("Schema is at version " + ((current != null) ? current.getVersion() : "(none)") + " ("
						+ ((current != null) ? current.getDescription() : "empty") + ").");
		}
		return 0;
	}

}
