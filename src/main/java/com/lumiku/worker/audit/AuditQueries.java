package com.lumiku.worker.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the operator audit trail, newest first. */
@Component
public class AuditQueries {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String RECENT = """
			SELECT id, at, actor, surface, action, job_name, execution_id, parameters::text AS parameters, outcome, detail
			FROM lumiku_worker.operator_audit
			WHERE (?::text IS NULL OR job_name = ?) AND (?::text IS NULL OR actor = ?)
			ORDER BY id DESC
			LIMIT ?
			""";

	private final JdbcTemplate jdbc;

	public AuditQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The newest audit rows.
	 * @param job only this job's, if given
	 * @param actor only this actor's, if given
	 * @param limit at most this many (1 to 1000)
	 * @return newest first
	 */
	public List<AuditEntry> recent(Optional<String> job, Optional<String> actor, int limit) {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
		}
		String jobName = job.orElse(null);
		String actorName = actor.orElse(null);
		return this.jdbc.query(RECENT, (row, n) -> entry(row), jobName, jobName, actorName, actorName, limit);
	}

	private static AuditEntry entry(ResultSet row) throws SQLException {
		Map<String, String> parameters = json.readValue(row.getString("parameters"), new TypeReference<>() {
		});
		return new AuditEntry(row.getLong("id"), row.getObject("at", OffsetDateTime.class), row.getString("actor"),
				row.getString("surface"), row.getString("action"), Optional.ofNullable(row.getString("job_name")),
				Optional.ofNullable((Long) row.getObject("execution_id")), parameters, row.getString("outcome"),
				Optional.ofNullable(row.getString("detail")));
	}

}
