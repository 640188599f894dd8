package com.lumiku.worker.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.audit.AuditEntry;
import com.lumiku.worker.audit.AuditQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs audit}: the operator audit trail, newest first: when, who, from where,
 * what, on which job or execution, with which parameters, and how it ended. Directly from
 * the database, or with {@code --api} from a running daemon ({@code GET /api/audit}).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
		description = "Who ran, stopped, restarted, paused, resumed or reloaded what, and when (newest first).")
class AuditCommand extends JobsCommand.Subcommand {

	@Option(names = "--job", paramLabel = "NAME", description = "Only this job's actions.")
	String job;

	@Option(names = "--actor", paramLabel = "NAME", description = "Only this actor's (a token name or cli:USER).")
	String actor;

	@Option(names = "--limit", defaultValue = "50", description = "How many rows (default 50, at most 1000).")
	int limit;

	@Override
	public Integer call() {
		Optional<String> job = Optional.ofNullable(this.job);
		Optional<String> actor = Optional.ofNullable(this.actor);
		if (this.parent.api != null && !this.parent.api.isBlank()) {
			print(JobsApiClient.fromEnvironment(this.parent.api).audit(job, actor, this.limit));
			return 0;
		}
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			print(runtime.bean(AuditQueries.class).recent(job, actor, this.limit));
		}
		return 0;
	}

	private void print(List<AuditEntry> entries) {
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("AT", "ACTOR", "FROM", "ACTION", "JOB", "EXECUTION", "OUTCOME", "PARAMETERS / DETAIL"));
		for (AuditEntry entry : entries) {
			String parameters = entry.parameters().isEmpty() ? "" : entry.parameters().toString();
			String detail = entry.detail()
				.map((text) -> (parameters.isEmpty() ? "" : " ") + text)
				.orElse("")
				.replaceAll("\\s*\\R\\s*", " ");
			rows.add(List.of(entry.at().toInstant().toString(), entry.actor(), entry.surface(), entry.action(),
					entry.job().orElse("-"), entry.executionId().map(String::valueOf).orElse("-"), entry.outcome(),
					parameters + detail));
		}
		JobsOutput.printTable(out(), rows);
	}

}
