package com.lumiku.worker.audit;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * One row of {@code lumiku_worker.operator_audit}, as the API and {@code jobs audit} show
 * it.
 *
 * @param id row id
 * @param at when the action was asked for
 * @param actor who (token name, or {@code cli:<user>})
 * @param surface api, cli or console
 * @param action run, stop, restart, pause, resume or reload
 * @param job the job, when the action names one
 * @param executionId the execution acted on or made
 * @param parameters the run's parameters as given
 * @param outcome started, done, failed or refused
 * @param detail the reason of a failure or refusal
 */
public record AuditEntry(long id, OffsetDateTime at, String actor, String surface, String action, Optional<String> job,
		Optional<Long> executionId, Map<String, String> parameters, String outcome, Optional<String> detail) {
}
