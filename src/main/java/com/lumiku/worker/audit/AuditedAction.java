package com.lumiku.worker.audit;

import java.util.Map;
import java.util.Optional;

/**
 * An operator action about to be taken, as the audit records it.
 *
 * @param actor who asks
 * @param action what
 * @param job the job it names, if any
 * @param executionId the execution it names (stop, restart), if any
 * @param parameters a run's parameters as given (empty for the other actions)
 */
public record AuditedAction(Actor actor, OperatorAction action, Optional<String> job, Optional<Long> executionId,
		Map<String, String> parameters) {

	public AuditedAction {
		parameters = Map.copyOf(parameters);
	}

	/** A run of {@code job} with {@code parameters}. */
	public static AuditedAction run(Actor actor, String job, Map<String, String> parameters) {
		return new AuditedAction(actor, OperatorAction.RUN, Optional.of(job), Optional.empty(), parameters);
	}

	/** Pause or resume of {@code job}'s schedule. */
	public static AuditedAction onJob(Actor actor, OperatorAction action, String job) {
		return new AuditedAction(actor, action, Optional.of(job), Optional.empty(), Map.of());
	}

	/** Stop or restart of one execution. */
	public static AuditedAction onExecution(Actor actor, OperatorAction action, long executionId) {
		return new AuditedAction(actor, action, Optional.empty(), Optional.of(executionId), Map.of());
	}

	/** A reload of the jobs/ files. */
	public static AuditedAction reload(Actor actor) {
		return new AuditedAction(actor, OperatorAction.RELOAD, Optional.empty(), Optional.empty(), Map.of());
	}

}
