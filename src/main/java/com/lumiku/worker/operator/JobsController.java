package com.lumiku.worker.operator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lumiku.worker.audit.Actor;
import com.lumiku.worker.audit.AuditedAction;
import com.lumiku.worker.audit.OperatorAction;
import com.lumiku.worker.audit.OperatorAudit;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.security.TokenHolder;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator HTTP API under {@code /api/jobs}, protected by {@link ApiTokenFilter}.
 * Errors are JSON ({@link ApiErrors}): 400 bad parameter, 404 unknown job or run, 409
 * already running or already completed, and for a restart: the run is running on a live
 * worker (stop it first) or it is not FAILED or STOPPED. A run or restart that is not
 * waited for is checked before it goes to the background, so the answer carries the
 * reason it could not start. Every action is recorded in the operator audit under the
 * token's name ({@link OperatorAudit}); {@code GET /api/audit} reads it back.
 */
@RestController
@RequestMapping("/api/jobs")
class JobsController {

	/** Body of a run request; every field optional. */
	record RunBody(Map<String, String> parameters, String runKey, @JsonProperty("wait") Boolean waitForEnd) {

		Map<String, String> parametersOrEmpty() {
			return (this.parameters != null) ? this.parameters : Map.of();
		}

	}

	private static final Function<JobControl.RunView, Optional<Long>> RUN_EXECUTION = (run) -> Optional
		.of(run.executionId());

	private static final Function<Object, Optional<Long>> NO_EXECUTION = (result) -> Optional.empty();

	record ReloadResult(int schedules, List<String> jobs) {
	}

	private final JobControl control;

	private final OperatorAudit audit;

	JobsController(JobControl control, OperatorAudit audit) {
		this.control = control;
		this.audit = audit;
	}

	@GetMapping
	List<JobControl.JobView> list() {
		return this.control.list();
	}

	@GetMapping("/{name}")
	JobControl.JobView job(@PathVariable String name) {
		return this.control.job(name);
	}

	@PostMapping("/{name}/runs")
	ResponseEntity<JobControl.RunView> run(@PathVariable String name, @RequestBody(required = false) RunBody body,
			@RequestAttribute(ApiTokenFilter.HOLDER) TokenHolder holder) {
		RunBody request = (body != null) ? body : new RunBody(Map.of(), null, false);
		Optional<String> runKey = Optional.ofNullable(request.runKey()).filter((key) -> !key.isBlank());
		Map<String, String> parameters = request.parametersOrEmpty();
		AuditedAction action = AuditedAction.run(Actor.api(holder.name()), name, parameters);
		if (Boolean.TRUE.equals(request.waitForEnd())) {
			return ResponseEntity
				.ok(audited(action, () -> this.control.runAndWait(name, parameters, runKey), RUN_EXECUTION));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(audited(action, () -> this.control.runInBackground(name, parameters, runKey), RUN_EXECUTION));
	}

	@GetMapping("/{name}/runs")
	List<JobControl.RunView> history(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
		}
		return this.control.history(name, limit);
	}

	@GetMapping("/runs/{executionId}")
	JobControl.RunView execution(@PathVariable long executionId) {
		return this.control.run(executionId);
	}

	@PostMapping("/runs/{executionId}/stop")
	ResponseEntity<JobControl.RunView> stop(@PathVariable long executionId,
			@RequestAttribute(ApiTokenFilter.HOLDER) TokenHolder holder) {
		AuditedAction action = AuditedAction.onExecution(Actor.api(holder.name()), OperatorAction.STOP, executionId);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(audited(action, () -> this.control.stop(executionId), RUN_EXECUTION));
	}

	@PostMapping("/runs/{executionId}/restart")
	ResponseEntity<JobControl.RunView> restart(@PathVariable long executionId,
			@RequestParam(defaultValue = "false") boolean wait,
			@RequestAttribute(ApiTokenFilter.HOLDER) TokenHolder holder) {
		AuditedAction action = AuditedAction.onExecution(Actor.api(holder.name()), OperatorAction.RESTART, executionId);
		if (wait) {
			return ResponseEntity.ok(audited(action, () -> this.control.restartAndWait(executionId), RUN_EXECUTION));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(audited(action, () -> this.control.restartInBackground(executionId), RUN_EXECUTION));
	}

	@PostMapping("/{name}/pause")
	JobControl.JobView pause(@PathVariable String name, @RequestAttribute(ApiTokenFilter.HOLDER) TokenHolder holder) {
		AuditedAction action = AuditedAction.onJob(Actor.api(holder.name()), OperatorAction.PAUSE, name);
		return audited(action, () -> this.control.pause(name), NO_EXECUTION);
	}

	@PostMapping("/{name}/resume")
	JobControl.JobView resume(@PathVariable String name, @RequestAttribute(ApiTokenFilter.HOLDER) TokenHolder holder) {
		AuditedAction action = AuditedAction.onJob(Actor.api(holder.name()), OperatorAction.RESUME, name);
		return audited(action, () -> this.control.resume(name), NO_EXECUTION);
	}

	@PostMapping("/reload")
	ReloadResult reload(@RequestAttribute(ApiTokenFilter.HOLDER) TokenHolder holder) {
		List<JobSchedule> schedules = audited(AuditedAction.reload(Actor.api(holder.name())), this.control::reload,
				NO_EXECUTION);
		return new ReloadResult(schedules.size(), schedules.stream().map(JobSchedule::jobName).toList());
	}

	private <T> T audited(AuditedAction action, Supplier<T> work, Function<? super T, Optional<Long>> executionOf) {
		return this.audit.record(action, work, executionOf);
	}

}
