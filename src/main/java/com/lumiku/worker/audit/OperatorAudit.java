package com.lumiku.worker.audit;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records operator actions in {@code lumiku_worker.operator_audit}. An action is written
 * before it is taken (outcome {@code started}; if that insert fails, the action is not
 * taken) and finished when it returns ({@code done}, with the execution it made or acted
 * on) or throws ({@code failed}, with the reason; the exception goes on to the caller).
 * The parameters are bound as one jsonb value, never spliced into SQL.
 */
@Component
public class OperatorAudit {

	private static final Logger logger = LoggerFactory.getLogger(OperatorAudit.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int DETAIL_LIMIT = 500;

	private static final String BEGIN = """
			INSERT INTO lumiku_worker.operator_audit
			    (actor, surface, action, job_name, execution_id, parameters, outcome, detail, finished_at)
			VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, CASE WHEN ? = 'started' THEN NULL ELSE now() END)
			RETURNING id
			""";

	private static final String FINISH = """
			UPDATE lumiku_worker.operator_audit
			SET outcome = ?, execution_id = coalesce(?, execution_id), detail = ?, finished_at = now()
			WHERE id = ?
			""";

	private final JdbcTemplate jdbc;

	public OperatorAudit(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes an action and records it.
	 * @param <T> what the action returns
	 * @param action who asks for what
	 * @param work the action itself
	 * @param executionOf the execution the result names (made or acted on), if any
	 * @return what {@code work} returned
	 */
	public <T> T record(AuditedAction action, Supplier<T> work, Function<? super T, Optional<Long>> executionOf) {
		long id = insert(action, "started", Optional.empty());
		T result;
		try {
			result = work.get();
		}
		catch (RuntimeException | Error ex) {
			finish(id, "failed", Optional.empty(), Optional.of(describe(ex)));
			throw ex;
		}
		finish(id, "done", executionOf.apply(result), Optional.empty());
		return result;
	}

	/** Records an action refused before it was taken (e.g. a read-only token). */
	public void refused(AuditedAction action, String reason) {
		try {
			insert(action, "refused", Optional.of(reason));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not audit a refused {} by {}: {}", action.action().label(), action.actor().name(),
					ex.getMessage());
		}
	}

	private long insert(AuditedAction action, String outcome, Optional<String> detail) {
		return this.jdbc.queryForObject(BEGIN, Long.class, action.actor().name(), action.actor().surface().label(),
				action.action().label(), action.job().orElse(null), action.executionId().orElse(null),
				json.writeValueAsString(action.parameters()), outcome, detail.orElse(null), outcome);
	}

	private void finish(long id, String outcome, Optional<Long> executionId, Optional<String> detail) {
		try {
			this.jdbc.update(FINISH, outcome, executionId.orElse(null), detail.orElse(null), id);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not finish operator audit row {} as {}: {}", id, outcome, ex.getMessage());
		}
	}

	private static String describe(Throwable ex) {
		String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		return (message.length() > DETAIL_LIMIT) ? message.substring(0, DETAIL_LIMIT) + "…" : message;
	}

}
