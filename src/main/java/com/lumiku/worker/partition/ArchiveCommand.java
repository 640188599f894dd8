package com.lumiku.worker.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code archive list|restore}: the archive catalogue, and bringing a month back. */
@Command(name = "archive", mixinStandardHelpOptions = true,
		description = "List archived months, or restore one identical to what left.",
		subcommands = { ArchiveCommand.ListArchives.class, ArchiveCommand.Restore.class })
public class ArchiveCommand {

	@Command(name = "list", mixinStandardHelpOptions = true,
			description = "The archive catalogue, oldest first per table.")
	static class ListArchives implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			return PartitionsCommand.withOperations(this.spec, (operations) -> {
				List<String> lines = new ArrayList<>();
				lines
					.add(String.join("\t", "id", "table", "month", "kind", "state", "rows", "bytes", "sha256", "file"));
				lines.addAll(operations.list());
				return lines;
			});
		}

	}

	@Command(name = "restore", mixinStandardHelpOptions = true,
			description = { "Bring TABLE's archived MONTH (YYYY-MM, or legacy) back as a partition (or rows),",
					"verified identical (row count and SHA-256) before it is attached." })
	static class Restore implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "TABLE")
		String table;

		@Parameters(index = "1", paramLabel = "MONTH")
		String month;

		@Override
		public Integer call() {
			return PartitionsCommand.withOperations(this.spec,
					(operations) -> List.of(operations.restore(this.table, this.month)));
		}

	}

}
