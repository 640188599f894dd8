package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.lumiku.worker.audit.Actor;
import com.lumiku.worker.audit.AuditedAction;
import com.lumiku.worker.audit.OperatorAction;
import com.lumiku.worker.audit.OperatorAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs}: the operator's controls from the command line. By default a command works
 * directly on the database (the same store the daemons use, so it acts on the whole
 * cluster, and {@code jobs run} runs the job in this process). With {@code --api URL} (or
 * {@code LUMIKU_API_URL}) it asks a running daemon over HTTP instead, which is what
 * {@code jobs run --no-wait} needs.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
		description = "List, run, stop, restart, pause, resume and reload jobs.",
		subcommands = { JobsCommand.ListJobs.class, JobsCommand.RunJob.class, JobsCommand.History.class,
				JobsCommand.StopRun.class, JobsCommand.RestartRun.class, JobsCommand.PauseJob.class,
				JobsCommand.ResumeJob.class, JobsCommand.Reload.class, AuditCommand.class })
class JobsCommand {

	private static final Function<JobControl.RunView, Optional<Long>> RUN_EXECUTION = (run) -> Optional
		.of(run.executionId());

	private static final Function<Object, Optional<Long>> NO_EXECUTION = (result) -> Optional.empty();

	@Option(names = "--api", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
			defaultValue = "${env:LUMIKU_API_URL}",
			description = "Talk to a running daemon at URL (e.g. http://localhost:8080) using LUMIKU_API_TOKEN, "
					+ "instead of the database directly. Default: $LUMIKU_API_URL.")
	String api;

	/** Runs an operation against the daemon's API or an in-process tool runtime. */
	<T> T call(Function<JobsApiClient, T> remote, Function<JobControl, T> local) {
		if (this.api != null && !this.api.isBlank()) {
			return remote.apply(JobsApiClient.fromEnvironment(this.api));
		}
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			return local.apply(runtime.bean(JobControl.class));
		}
	}

	/**
	 * Takes an operator action against the daemon's API (which audits it under the
	 * token's name) or in-process, audited as {@code cli:<OS user>}.
	 */
	<T> T act(Function<Actor, AuditedAction> action, Function<JobsApiClient, T> remote, Function<JobControl, T> local,
			Function<? super T, Optional<Long>> executionOf) {
		if (this.api != null && !this.api.isBlank()) {
			return remote.apply(JobsApiClient.fromEnvironment(this.api));
		}
		try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Mode.TOOL, Map.of())) {
			JobControl control = runtime.bean(JobControl.class);
			return runtime.bean(OperatorAudit.class)
				.record(action.apply(Actor.cli()), () -> local.apply(control), executionOf);
		}
	}

	abstract static class Subcommand implements Callable<Integer> {

		@ParentCommand
		JobsCommand parent;

		@Spec
		CommandSpec spec;

		PrintWriter out() {
			return this.spec.commandLine().getOut();
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true,
			description = "Every job: schedule, next fire time, last run and status, paused?")
	static class ListJobs extends Subcommand {

		@Override
		public Integer call() {
			List<JobControl.JobView> jobs = this.parent.call(JobsApiClient::list, JobControl::list);
			JobsOutput.printJobs(out(), jobs);
			return 0;
		}

	}

	@Command(name = "run", mixinStandardHelpOptions = true,
			description = { "Run a job once. Exits 0 only if the run COMPLETED (with --no-wait: if it started).",
					"Parameters are key=value pairs, validated against the job's declared parameters." })
	static class RunJob extends Subcommand {

		@Parameters(index = "0", paramLabel = "NAME", description = "The job")
		String name;

		@Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Job parameters")
		List<String> parameters = List.of();

		@Option(names = "--run-key", paramLabel = "KEY",
				description = "The run's business key (logical period); a key that already completed is refused.")
		String runKey;

		@Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
				description = "Wait for the run to end (default). --no-wait needs --api.")
		boolean waitForEnd;

		@Override
		public Integer call() {
			Map<String, String> values = parse(this.parameters);
			Optional<String> key = Optional.ofNullable(this.runKey);
			if (!this.waitForEnd && (this.parent.api == null || this.parent.api.isBlank())) {
				throw new ParameterException(this.spec.commandLine(),
						"--no-wait needs a running daemon: pass --api URL or set LUMIKU_API_URL");
			}
			JobControl.RunView run = this.waitForEnd
					? this.parent.act((actor) -> AuditedAction.run(actor, this.name, values),
							(client) -> client.run(this.name, values, key, true),
							(control) -> control.runAndWait(this.name, values, key), RUN_EXECUTION)
					: this.parent.call((client) -> client.run(this.name, values, key, false), null);
			JobsOutput.printRun(out(), run);
			if (!this.waitForEnd) {
				return 0;
			}
			return "COMPLETED".equals(run.status()) ? 0 : 1;
		}

		private Map<String, String> parse(List<String> pairs) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String pair : pairs) {
				int equals = pair.indexOf('=');
				if (equals < 1) {
					throw new ParameterException(this.spec.commandLine(),
							"Job parameters are KEY=VALUE, got '" + ShortText.value(pair) + "'");
				}
				values.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
			return values;
		}

	}

	@Command(name = "history", mixinStandardHelpOptions = true, description = "The newest runs of a job.")
	static class History extends Subcommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		@Option(names = "--limit", defaultValue = "20", description = "How many runs (default 20).")
		int limit;

		@Override
		public Integer call() {
			JobsOutput.printRuns(out(), this.parent.call((client) -> client.history(this.name, this.limit),
					(control) -> control.history(this.name, this.limit)));
			return 0;
		}

	}

	@Command(name = "stop", mixinStandardHelpOptions = true,
			description = "Ask a running execution to stop at its next chunk boundary (it can be restarted).")
	static class StopRun extends Subcommand {

		@Parameters(index = "0", paramLabel = "ID", description = "Execution id (see jobs history)")
		long executionId;

		@Override
		public Integer call() {
			JobsOutput.printRun(out(),
					this.parent.act((actor) -> AuditedAction.onExecution(actor, OperatorAction.STOP, this.executionId),
							(client) -> client.stop(this.executionId), (control) -> control.stop(this.executionId),
							RUN_EXECUTION));
			return 0;
		}

	}

	@Command(name = "restart", mixinStandardHelpOptions = true,
			description = "Restart a FAILED or STOPPED execution from where it stopped; exits 0 if it COMPLETED.")
	static class RestartRun extends Subcommand {

		@Parameters(index = "0", paramLabel = "ID")
		long executionId;

		@Override
		public Integer call() {
			JobControl.RunView run = this.parent.act(
					(actor) -> AuditedAction.onExecution(actor, OperatorAction.RESTART, this.executionId),
					(client) -> client.restart(this.executionId), (control) -> control.restartAndWait(this.executionId),
					RUN_EXECUTION);
			JobsOutput.printRun(out(), run);
			return "COMPLETED".equals(run.status()) ? 0 : 1;
		}

	}

	@Command(name = "pause", mixinStandardHelpOptions = true,
			description = "Pause a job's schedule on every worker (a running execution goes on).")
	static class PauseJob extends Subcommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		@Override
		public Integer call() {
			JobControl.JobView job = this.parent.act(
					(actor) -> AuditedAction.onJob(actor, OperatorAction.PAUSE, this.name),
					(client) -> client.pause(this.name), (control) -> control.pause(this.name), NO_EXECUTION);
			JobsOutput.printJobs(out(), List.of(job));
			return 0;
		}

	}

	@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused schedule.")
	static class ResumeJob extends Subcommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		@Override
		public Integer call() {
			JobControl.JobView job = this.parent.act(
					(actor) -> AuditedAction.onJob(actor, OperatorAction.RESUME, this.name),
					(client) -> client.resume(this.name), (control) -> control.resume(this.name), NO_EXECUTION);
			JobsOutput.printJobs(out(), List.of(job));
			return 0;
		}

	}

	@Command(name = "reload", mixinStandardHelpOptions = true,
			description = "Re-read the jobs/ files and apply them to the cluster; invalid files change nothing.")
	static class Reload extends Subcommand {

		@Override
		public Integer call() {
			List<String> jobs = this.parent.act(AuditedAction::reload, JobsApiClient::reload,
					(control) -> control.reload()
						.stream()
						.map(com.lumiku.worker.scheduling.JobSchedule::jobName)
						.toList(),
					NO_EXECUTION);
			out().println("Schedules applied: " + jobs.size() + " " + jobs);
			return 0;
		}

	}

}
