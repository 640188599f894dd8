package com.lumiku.worker.maintenance;

import java.util.List;
import java.util.stream.Collectors;

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
 * The step of {@code db-maintenance}: runs the selected checks ({@link RunChecks}),
 * recording table sizes, saves every outcome in a transaction of its own
 * ({@link CheckResults}) and refreshes the gauges. A check that failed fails the run
 * after the others ran and were saved, so the failure shows in
 * {@code lumiku_job_runs_total}.
 */
class RunMaintenance implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(RunMaintenance.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate separately;

	private final RunChecks runChecks;

	private final List<MaintenanceCheck> checks;

	private final DbMaintenanceMetrics metrics;

	private final Long jobExecutionId;

	RunMaintenance(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DbMaintenanceParameters parameters,
			DbMaintenanceMetrics metrics, Long jobExecutionId) {
		this.jdbc = jdbc;
		this.separately = new TransactionTemplate(transactionManager);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.runChecks = new RunChecks(jdbc, transactionManager, parameters.statementTimeout());
		this.checks = parameters.checks();
		this.metrics = metrics;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		List<CheckOutcome> outcomes = this.runChecks.run(this.checks, true);
		this.separately.executeWithoutResult((status) -> CheckResults.save(this.jdbc, outcomes, this.jobExecutionId));
		this.metrics.refresh();
		outcomes.forEach((outcome) -> logger.info("{} {}: {}", outcome.check(), outcome.status(), outcome.figure()));
		contribution.incrementWriteCount(outcomes.size());
		String summary = outcomes.stream()
			.map((outcome) -> outcome.check() + "=" + outcome.status())
			.collect(Collectors.joining(", "));
		List<CheckOutcome> failed = outcomes.stream().filter((outcome) -> outcome.status() == Status.ERROR).toList();
		if (!failed.isEmpty()) {
			throw new IllegalStateException("db-maintenance: " + failed.size() + " check(s) failed: "
					+ failed.stream().map((f) -> f.check() + " (" + f.figure() + ")").collect(Collectors.joining("; "))
					+ "; " + summary);
		}
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
