package com.lumiku.worker.history;

import java.sql.Array;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One call deletes one batch of old executions in the step's transaction and says whether
 * more are left, so every batch commits on its own and a stopped run restarts where it
 * was.
 */
class PruneJobHistory implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PruneJobHistory.class);

	private static final String OLD_EXECUTIONS = """
			SELECT job_execution_id FROM lumiku_worker.batch_job_execution
			WHERE end_time < now() - make_interval(secs => ?)
			  AND status NOT IN ('STARTING', 'STARTED', 'STOPPING')
			ORDER BY job_execution_id
			LIMIT ?
			FOR UPDATE SKIP LOCKED
			""";

	private static final List<String> DELETES = List.of("""
			DELETE FROM lumiku_worker.batch_step_execution_context WHERE step_execution_id IN
			  (SELECT step_execution_id FROM lumiku_worker.batch_step_execution WHERE job_execution_id = ANY (?))""",
			"DELETE FROM lumiku_worker.batch_step_execution WHERE job_execution_id = ANY (?)",
			"DELETE FROM lumiku_worker.batch_job_execution_context WHERE job_execution_id = ANY (?)",
			"DELETE FROM lumiku_worker.batch_job_execution_params WHERE job_execution_id = ANY (?)");

	private static final String DELETE_EXECUTIONS = """
			DELETE FROM lumiku_worker.batch_job_execution WHERE job_execution_id = ANY (?)
			RETURNING job_instance_id""";

	private static final String DELETE_EMPTY_INSTANCES = """
			DELETE FROM lumiku_worker.batch_job_instance i
			WHERE i.job_instance_id = ANY (?)
			  AND NOT EXISTS (SELECT 1 FROM lumiku_worker.batch_job_execution e WHERE e.job_instance_id = i.job_instance_id)""";

	private static final String DELETE_DEAD_WORKERS = """
			DELETE FROM lumiku_worker.worker_instance
			WHERE heartbeat_at < now() - make_interval(secs => ?) - interval '1 day'""";

	private final JdbcTemplate jdbc;

	private final Duration retention;

	private final int batchSize;

	PruneJobHistory(JdbcTemplate jdbc, Duration retention, int batchSize) {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive, got " + retention);
		}
		if (batchSize < 1 || batchSize > 100_000) {
			throw new IllegalArgumentException("batchSize must be 1 to 100000, got " + batchSize);
		}
		this.jdbc = jdbc;
		this.retention = retention;
		this.batchSize = batchSize;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		double seconds = this.retention.toSeconds();
		List<Long> executions = this.jdbc.queryForList(OLD_EXECUTIONS, Long.class, seconds, this.batchSize);
		if (executions.isEmpty()) {
			int workers = this.jdbc.update(DELETE_DEAD_WORKERS, seconds);
			logger.info("Job history pruned; {} dead worker row(s) removed", workers);
			return RepeatStatus.FINISHED;
		}
		Long[] ids = executions.toArray(Long[]::new);
		DELETES.forEach((sql) -> this.jdbc.update(sql, (statement) -> statement.setArray(1, array(statement, ids))));
		List<Long> instances = this.jdbc.query(DELETE_EXECUTIONS,
				(statement) -> statement.setArray(1, array(statement, ids)), (rs, row) -> rs.getLong(1));
		Long[] instanceIds = instances.stream().distinct().toArray(Long[]::new);
		int emptied = this.jdbc.update(DELETE_EMPTY_INSTANCES,
				(statement) -> statement.setArray(1, array(statement, instanceIds)));
		contribution.incrementWriteCount(executions.size());
		logger.debug("Deleted {} executions and {} job instances", executions.size(), emptied);
		return RepeatStatus.CONTINUABLE;
	}

	private static Array array(java.sql.PreparedStatement statement, Long[] values) throws java.sql.SQLException {
		return statement.getConnection().createArrayOf("bigint", values);
	}

}
