package com.lumiku.worker.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.audit.AuditedAction;
import com.lumiku.worker.audit.OperatorAction;
import com.lumiku.worker.operator.JobControl;
import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobConflictException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The jobs page (every job, its schedule in words and cron, next fire, pause state, the
 * runs going on with their progress, the last run) and one job's page (its run-now form
 * built from its declared parameters, pause and resume). Every action goes through
 * {@link JobControl}, as the HTTP API and the CLI do.
 */
@Controller
class JobsPage {

	/** A job row: the operator's view plus what the page adds. */
	record JobRow(JobControl.JobView job, String scheduleWords, List<LiveRun> live) {

		public String nextFire() {
			return Durations.utc(this.job.nextFireTime());
		}

	}

	/** A run going on, with its steps' progress. */
	record LiveRun(RunSearch.Row run, List<RunProgress.Step> steps) {
	}

	private final JobControl control;

	private final JobCatalog catalog;

	private final RunSearch runs;

	private final RunProgress progress;

	private final ConsoleAudit audit;

	private final ConsoleSessions sessions;

	JobsPage(JobControl control, JobCatalog catalog, RunSearch runs, RunProgress progress, ConsoleAudit audit,
			ConsoleSessions sessions) {
		this.control = control;
		this.catalog = catalog;
		this.runs = runs;
		this.progress = progress;
		this.audit = audit;
		this.sessions = sessions;
	}

	@GetMapping("/console/jobs")
	String jobs(Model model) {
		List<RunSearch.Row> running = this.runs.running();
		List<JobRow> rows = this.control.list().stream().map((job) -> row(job, running)).toList();
		model.addAttribute("jobs", rows);
		model.addAttribute("live", !running.isEmpty());
		return "console/jobs";
	}

	@GetMapping("/console/jobs/{name}")
	String job(@PathVariable String name, Model model) {
		JobCatalog.Entry entry = this.catalog.require(name);
		model.addAttribute("fields", RunForm.blank(entry, this.catalog.schedule(entry.name())));
		return jobPage(entry, model);
	}

	@PostMapping("/console/jobs/{name}/run")
	String run(@PathVariable String name, @RequestParam Map<String, String> form, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		JobCatalog.Entry entry = this.catalog.require(name);
		ConsoleTokens.Operator me = ConsoleModel.session(request).operator();
		List<RunForm.Field> fields = RunForm.checked(entry.descriptor(), form);
		if (fields.stream().anyMatch((field) -> field.error().isPresent())) {
			return refused(entry, fields, me, response, model, 400, "Fix the fields marked below.", "invalid");
		}
		Map<String, String> parameters = RunForm.parameters(entry.descriptor(), form);
		try {
			JobControl.RunView run = this.audit.taken(me, (actor) -> AuditedAction.run(actor, entry.name(), parameters),
					() -> this.control.runInBackground(entry.name(), parameters, Optional.empty()),
					(started) -> Optional.of(started.executionId()));
			this.audit.done(me, "run", entry.name(), "ok", "execution " + run.executionId() + " " + parameters);
			return "redirect:/console/runs/" + run.executionId();
		}
		catch (InvalidJobParametersException ex) {
			return refused(entry, fields, me, response, model, 400, String.join("; ", ex.problems()), "invalid");
		}
		catch (JobConflictException ex) {
			return refused(entry, fields, me, response, model, 409, ex.getMessage(), "conflict");
		}
	}

	@PostMapping("/console/jobs/{name}/pause")
	String pause(@PathVariable String name, HttpServletRequest request) {
		this.audit.taken(ConsoleModel.session(request).operator(),
				(actor) -> AuditedAction.onJob(actor, OperatorAction.PAUSE, name), () -> this.control.pause(name),
				(job) -> Optional.empty());
		this.audit.done(ConsoleModel.session(request).operator(), "pause", name, "ok", "schedule paused");
		this.sessions.notice(ConsoleModel.session(request), "Paused the schedule of " + name + " on every worker.");
		return "redirect:/console/jobs";
	}

	@PostMapping("/console/jobs/{name}/resume")
	String resume(@PathVariable String name, HttpServletRequest request) {
		this.audit.taken(ConsoleModel.session(request).operator(),
				(actor) -> AuditedAction.onJob(actor, OperatorAction.RESUME, name), () -> this.control.resume(name),
				(job) -> Optional.empty());
		this.audit.done(ConsoleModel.session(request).operator(), "resume", name, "ok", "schedule resumed");
		this.sessions.notice(ConsoleModel.session(request), "Resumed the schedule of " + name + ".");
		return "redirect:/console/jobs";
	}

	private String refused(JobCatalog.Entry entry, List<RunForm.Field> fields, ConsoleTokens.Operator me,
			HttpServletResponse response, Model model, int status, String message, String outcome) {
		this.audit.done(me, "run", entry.name(), outcome, message);
		response.setStatus(status);
		model.addAttribute("fields", fields);
		model.addAttribute("formError", message);
		return jobPage(entry, model);
	}

	private String jobPage(JobCatalog.Entry entry, Model model) {
		List<RunSearch.Row> running = this.runs.running();
		JobRow row = row(this.control.job(entry.name()), running);
		model.addAttribute("row", row);
		model.addAttribute("history", this.runs.find(new RunSearch.Filter(Optional.of(entry.name()), Optional.empty(),
				Optional.empty(), Optional.empty(), 10)));
		return "console/job";
	}

	private JobRow row(JobControl.JobView job, List<RunSearch.Row> running) {
		List<LiveRun> live = running.stream()
			.filter((run) -> run.job().equals(job.name()))
			.map((run) -> new LiveRun(run, this.progress.steps(run.executionId())))
			.toList();
		return new JobRow(job, job.cron().map(CronInWords::describe).orElse("not scheduled"), live);
	}

}
