package com.lumiku.worker.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.lumiku.worker.maintenance.CheckOutcome.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The step of {@code db-vacuum}: {@code VACUUM (ANALYZE)} of each table on a connection
 * of its own in autocommit (VACUUM cannot run in a transaction block), with a
 * {@code lock_timeout}: a table whose lock is not free in time is skipped, as is one this
 * role may not vacuum. VACUUM needs the table's ownership, or on PostgreSQL 17+ the
 * {@code MAINTAIN} privilege (config/database-roles.sql grants it on the hot tables to
 * the runtime role); without either, PostgreSQL would skip the table with a mere warning,
 * so the privilege is checked first and the skip reported. The outcome is saved as check
 * {@code vacuum}.
 */
class VacuumHotTables implements Tasklet {

	static final String CHECK = "vacuum";

	private static final Logger logger = LoggerFactory.getLogger(VacuumHotTables.class);

	/**
	 * The quoted name, and whether this role may vacuum it, of a table of schema public.
	 */
	private static final String TABLE = """
			SELECT format('%I.%I', n.nspname, c.relname) AS qualified,
			       CASE WHEN current_setting('server_version_num')::int >= 170000
			            THEN has_table_privilege(c.oid, 'MAINTAIN')
			            ELSE pg_has_role(c.relowner, 'USAGE') END AS allowed
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = 'public' AND c.relname = ? AND c.relkind IN ('r', 'p', 'm')
			""";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate separately;

	private final DbVacuumParameters parameters;

	private final DbMaintenanceMetrics metrics;

	private final Long jobExecutionId;

	VacuumHotTables(DataSource dataSource, PlatformTransactionManager transactionManager, DbVacuumParameters parameters,
			DbMaintenanceMetrics metrics, Long jobExecutionId) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.separately = new TransactionTemplate(transactionManager);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.parameters = parameters;
		this.metrics = metrics;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws SQLException {
		List<String> vacuumed = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		// Not the step's transactional connection: a pool connection of its own, in
		// autocommit.
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET lock_timeout = " + this.parameters.lockTimeout().toMillis());
				for (String table : this.parameters.tables()) {
					vacuum(connection, statement, table, vacuumed, skipped);
				}
			}
			finally {
				try (Statement reset = connection.createStatement()) {
					reset.execute("RESET lock_timeout");
				}
			}
		}
		contribution.incrementWriteCount(vacuumed.size());
		CheckOutcome outcome = new CheckOutcome(CHECK, skipped.isEmpty() ? Status.OK : Status.WARN,
				vacuumed.size() + " vacuumed, " + skipped.size() + " skipped", "WARN when a table was skipped",
				concat(vacuumed.stream().map((t) -> t + "  vacuumed and analyzed").toList(), skipped), List.of());
		this.separately
			.executeWithoutResult((status) -> CheckResults.save(this.jdbc, List.of(outcome), this.jobExecutionId));
		this.metrics.refresh();
		contribution.setExitStatus(ExitStatus.COMPLETED
			.addExitDescription(outcome.figure() + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped))));
		return RepeatStatus.FINISHED;
	}

	private void vacuum(Connection connection, Statement statement, String table, List<String> vacuumed,
			List<String> skipped) throws SQLException {
		String qualified;
		try (PreparedStatement find = connection.prepareStatement(TABLE)) {
			find.setString(1, table);
			try (ResultSet rs = find.executeQuery()) {
				if (!rs.next()) {
					skipped.add(table + "  skipped: no such table in schema public");
					return;
				}
				if (!rs.getBoolean("allowed")) {
					skipped.add(table + "  skipped: this role has neither MAINTAIN on it nor its ownership");
					return;
				}
				qualified = rs.getString("qualified");
			}
		}
		long started = System.nanoTime();
		try {
			statement.execute("VACUUM (ANALYZE) " + qualified);
			vacuumed.add(table);
			logger.info("Vacuumed {} in {} ms", qualified, (System.nanoTime() - started) / 1_000_000);
		}
		catch (SQLException ex) {
			if (!"55P03".equals(ex.getSQLState())) {
				throw ex;
			}
			skipped.add(table + "  skipped: its lock was not free within " + this.parameters.lockTimeout());
			logger.info("Skipped VACUUM of {}: lock not free within {}", qualified, this.parameters.lockTimeout());
		}
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
