package com.lumiku.worker.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.lumiku.worker.audit.AuditedAction;
import com.lumiku.worker.audit.OperatorAction;
import com.lumiku.worker.operator.JobControl;
import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobConflictException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The runs page (history filterable by job, status and time) and one run's page (its
 * steps with counts and exit descriptions, the worker that ran it, its parameters; stop
 * while it runs, restart once it failed or stopped). Stop and restart go through
 * {@link JobControl}.
 */
@Controller
class RunsPage {

	static final List<String> STATUSES = List.of("STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "COMPLETED",
			"ABANDONED", "UNKNOWN");

	private final JobControl control;

	private final JobCatalog catalog;

	private final RunSearch runs;

	private final RunProgress progress;

	private final ConsoleAudit audit;

	private final ConsoleSessions sessions;

	RunsPage(JobControl control, JobCatalog catalog, RunSearch runs, RunProgress progress, ConsoleAudit audit,
			ConsoleSessions sessions) {
		this.control = control;
		this.catalog = catalog;
		this.runs = runs;
		this.progress = progress;
		this.audit = audit;
		this.sessions = sessions;
	}

	@GetMapping("/console/runs")
	String runs(@RequestParam(defaultValue = "") String job, @RequestParam(defaultValue = "") String status,
			@RequestParam(defaultValue = "") String since, @RequestParam(defaultValue = "") String until, Model model) {
		Optional<String> jobName = Optional.of(job).filter((text) -> !text.isBlank());
		jobName.ifPresent(this.catalog::require);
		Optional<String> state = Optional.of(status).filter((text) -> !text.isBlank());
		if (state.isPresent() && !STATUSES.contains(state.get())) {
			throw new IllegalArgumentException("status must be one of " + STATUSES + ", got '" + status + "'");
		}
		model.addAttribute("runs",
				this.runs.find(new RunSearch.Filter(jobName, state, time("since", since), time("until", until), 200)));
		model.addAttribute("jobNames", this.catalog.entries().stream().map(JobCatalog.Entry::name).toList());
		model.addAttribute("statuses", STATUSES);
		model.addAttribute("job", job);
		model.addAttribute("status", status);
		model.addAttribute("since", since);
		model.addAttribute("until", until);
		return "console/runs";
	}

	@GetMapping("/console/runs/{id}")
	String run(@PathVariable long id, Model model) {
		JobControl.RunView run = this.control.run(id);
		model.addAttribute("run", run);
		model.addAttribute("steps", this.progress.steps(id));
		boolean running = List.of("STARTING", "STARTED", "STOPPING").contains(run.status());
		model.addAttribute("running", running);
		model.addAttribute("live", running);
		model.addAttribute("restartable", List.of("FAILED", "STOPPED").contains(run.status()));
		model.addAttribute("started", Durations.utc(run.startTime()));
		model.addAttribute("ended", Durations.utc(run.endTime()));
		return "console/run";
	}

	@PostMapping("/console/runs/{id}/stop")
	String stop(@PathVariable long id, HttpServletRequest request) {
		JobControl.RunView run = this.audit.taken(ConsoleModel.session(request).operator(),
				(actor) -> AuditedAction.onExecution(actor, OperatorAction.STOP, id), () -> this.control.stop(id),
				(stopped) -> Optional.of(stopped.executionId()));
		this.audit.done(ConsoleModel.session(request).operator(), "stop", run.job() + " #" + id, "ok",
				"asked to stop; now " + run.status());
		this.sessions.notice(ConsoleModel.session(request),
				"Asked execution " + id + " to stop at its next chunk boundary.");
		return "redirect:/console/runs/" + id;
	}

	@PostMapping("/console/runs/{id}/restart")
	String restart(@PathVariable long id, HttpServletRequest request) {
		ConsoleTokens.Operator me = ConsoleModel.session(request).operator();
		try {
			JobControl.RunView restarted = this.audit.taken(me,
					(actor) -> AuditedAction.onExecution(actor, OperatorAction.RESTART, id),
					() -> this.control.restartInBackground(id), (made) -> Optional.of(made.executionId()));
			this.audit.done(me, "restart", restarted.job() + " #" + id, "ok",
					"restarted as execution " + restarted.executionId());
			this.sessions.notice(ConsoleModel.session(request),
					"Restarted execution " + id + " as " + restarted.executionId() + ".");
			return "redirect:/console/runs/" + restarted.executionId();
		}
		catch (JobConflictException ex) {
			this.audit.done(me, "restart", "#" + id, "conflict", ex.getMessage());
			throw ex;
		}
	}

	/** A time typed in the filter: {@code 2026-12-01T10:00} (UTC), or an ISO instant. */
	static Optional<Instant> time(String field, String text) {
		if (text.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(text.endsWith("Z") ? Instant.parse(text)
					: LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					field + " must be a UTC time such as 2026-12-01T10:00, got '" + text + "'");
		}
	}

}
