package com.lumiku.worker.console;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.audit.Actor;
import com.lumiku.worker.audit.AuditedAction;
import com.lumiku.worker.audit.OperatorAction;
import com.lumiku.worker.audit.OperatorAudit;
import com.lumiku.worker.console.ConsoleTokens.Operator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the console's audit trail ({@code lumiku_worker.console_action}) and counts each
 * action in {@code lumiku_console_actions_total{action,outcome}}. The actor is the
 * token's name, never the token.
 */
@Component
class ConsoleAudit {

	/** One audited action, newest first on the pages. */
	record Action(long id, String action, String actor, String target, String filter, Long previewed, Long changed,
			String status, String detail, java.time.OffsetDateTime startedAt) {
	}

	private static final Pattern JOB_ACTION = Pattern
		.compile("/console/(?:(jobs)/([^/]+)/(run|pause|resume)|(runs)/(\\d{1,18})/(stop|restart))");

	private static final Logger logger = LoggerFactory.getLogger(ConsoleAudit.class);

	private static final String BEGIN = """
			INSERT INTO lumiku_worker.console_action (action, actor, target, filter, previewed, status, detail, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 'running' THEN NULL ELSE now() END)
			RETURNING id
			""";

	private static final String FINISH = """
			UPDATE lumiku_worker.console_action SET status = ?, changed = ?, detail = ?, finished_at = now()
			WHERE id = ?
			""";

	private static final String RECENT = """
			SELECT id, action, actor, target, filter, previewed, changed, status, detail, started_at
			FROM lumiku_worker.console_action
			WHERE (?::text IS NULL OR action LIKE ?)
			ORDER BY id DESC LIMIT ?
			""";

	private final JdbcTemplate jdbc;

	private final ConsoleMetrics metrics;

	private final OperatorAudit operatorAudit;

	ConsoleAudit(JdbcTemplate jdbc, ConsoleMetrics metrics, OperatorAudit operatorAudit) {
		this.jdbc = jdbc;
		this.metrics = metrics;
		this.operatorAudit = operatorAudit;
	}

	/**
	 * Takes an operator action (run, stop, restart, pause, resume) and records it in the
	 * operator audit ({@code operator_audit}, surface console) like the API and the CLI
	 * do; the page then records its own row here with {@link #done}.
	 */
	<T> T taken(Operator who, Function<Actor, AuditedAction> action, Supplier<T> work,
			Function<? super T, Optional<Long>> executionOf) {
		return this.operatorAudit.record(action.apply(Actor.console(who.name())), work, executionOf);
	}

	/** Records an action that is over already. */
	void done(ConsoleTokens.Operator who, String action, String target, String outcome, String detail) {
		String status = outcome.equals("ok") ? "done" : outcome.equals("forbidden") ? "refused" : "failed";
		insert(action, who, target, null, null, status, detail);
		this.metrics.action(action, outcome);
		logger.info("Console: {} {} {} by {}: {}", action, target, outcome, who.name(), detail);
	}

	/** Records an action refused before it reached a controller (read-only, CSRF). */
	void refused(ConsoleTokens.Operator who, String path, String reason) {
		String action = actionOf(path);
		try {
			insert(action, who, path, null, null, "refused", reason);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not audit a refused console action ({}): {}", path, ex.getMessage());
		}
		refusedOperatorAction(who, path, reason);
		this.metrics.action(action, "forbidden");
		logger.info("Console: refused {} by {}: {}", path, who.name(), reason);
	}

	/**
	 * The action a console path asks for, as the audit and the metric name it: its last
	 * segment ({@code run}, {@code stop}, {@code restart}, {@code pause},
	 * {@code resume}), {@code bulk-retry} or {@code bulk-cancel} for the queue's
	 * (previews included).
	 */
	static String actionOf(String path) {
		if (path.startsWith("/console/queue/retry")) {
			return "bulk-retry";
		}
		if (path.startsWith("/console/queue/cancel")) {
			return "bulk-cancel";
		}
		String last = path.substring(path.lastIndexOf('/') + 1);
		return java.util.Set.of("run", "stop", "restart", "pause", "resume", "logout").contains(last) ? last : "other";
	}

	private void refusedOperatorAction(Operator who, String path, String reason) {
		Matcher matcher = JOB_ACTION.matcher(path);
		if (!matcher.matches()) {
			return;
		}
		Actor actor = Actor.console(who.name());
		boolean onJob = matcher.group(1) != null;
		OperatorAction action = OperatorAction.of(matcher.group(onJob ? 3 : 6)).orElseThrow();
		this.operatorAudit.refused(onJob ? AuditedAction.onJob(actor, action, matcher.group(2))
				: AuditedAction.onExecution(actor, action, Long.parseLong(matcher.group(5))), reason);
	}

	/** Opens the audit row of a bulk action before its first batch. */
	long begin(ConsoleTokens.Operator who, String action, String target, String filter, long previewed) {
		return insert(action, who, target, filter, previewed, "running", null);
	}

	/** Finishes a bulk action's audit row. */
	void finish(long id, String action, boolean ok, long changed, String detail) {
		this.jdbc.update(FINISH, ok ? "done" : "failed", changed, detail, id);
		this.metrics.action(action, ok ? "ok" : "error");
	}

	List<Action> recent(Optional<String> actionPrefix, int limit) {
		String prefix = actionPrefix.orElse(null);
		return this.jdbc.query(RECENT,
				(row, n) -> new Action(row.getLong("id"), row.getString("action"), row.getString("actor"),
						row.getString("target"), row.getString("filter"), (Long) row.getObject("previewed"),
						(Long) row.getObject("changed"), row.getString("status"), row.getString("detail"),
						row.getObject("started_at", java.time.OffsetDateTime.class)),
				prefix, (prefix != null) ? prefix + "%" : null, limit);
	}

	private long insert(String action, ConsoleTokens.Operator who, String target, String filter, Long previewed,
			String status, String detail) {
		return this.jdbc.queryForObject(BEGIN, Long.class, action, who.name(), target, filter, previewed, status,
				detail, status);
	}

}
