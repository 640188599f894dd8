package com.lumiku.worker.operator;

import java.util.Map;
import java.util.concurrent.Callable;

import com.lumiku.worker.maintenance.DbReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code db}: the database's health, as an on-call engineer reads it. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database health.",
		subcommands = { DbCommand.Report.class })
class DbCommand {

	/** {@code db report}: every db-maintenance check, now, beside its threshold. */
	@Command(name = "report", mixinStandardHelpOptions = true,
			description = { "Run the db-maintenance checks now (read-only) and print each figure beside its",
					"threshold with OK/WARN/NOTE/ERROR, the findings, what could not be checked, and the",
					"jobs' last runs. See docs/db-maintenance.md." })
	static class Report implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
				runtime.bean(DbReport.class).print(this.spec.commandLine().getOut());
			}
			return 0;
		}

	}

}
