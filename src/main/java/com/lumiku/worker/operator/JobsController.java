package com.lumiku.worker.operator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lumiku.worker.scheduling.JobSchedule;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
 * reason it could not start.
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

	record ReloadResult(int schedules, List<String> jobs) {
	}

	private final JobControl control;

	JobsController(JobControl control) {
		this.control = control;
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
	ResponseEntity<JobControl.RunView> run(@PathVariable String name, @RequestBody(required = false) RunBody body) {
		RunBody request = (body != null) ? body : new RunBody(Map.of(), null, false);
		Optional<String> runKey = Optional.ofNullable(request.runKey()).filter((key) -> !key.isBlank());
		if (Boolean.TRUE.equals(request.waitForEnd())) {
			return ResponseEntity.ok(this.control.runAndWait(name, request.parametersOrEmpty(), runKey));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(this.control.runInBackground(name, request.parametersOrEmpty(), runKey));
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
	ResponseEntity<JobControl.RunView> stop(@PathVariable long executionId) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.control.stop(executionId));
	}

	@PostMapping("/runs/{executionId}/restart")
	ResponseEntity<JobControl.RunView> restart(@PathVariable long executionId,
			@RequestParam(defaultValue = "false") boolean wait) {
		if (wait) {
			return ResponseEntity.ok(this.control.restartAndWait(executionId));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.control.restartInBackground(executionId));
	}

	@PostMapping("/{name}/pause")
	JobControl.JobView pause(@PathVariable String name) {
		return this.control.pause(name);
	}

	@PostMapping("/{name}/resume")
	JobControl.JobView resume(@PathVariable String name) {
		return this.control.resume(name);
	}

	@PostMapping("/reload")
	ReloadResult reload() {
		List<JobSchedule> schedules = this.control.reload();
		return new ReloadResult(schedules.size(), schedules.stream().map(JobSchedule::jobName).toList());
	}

}
