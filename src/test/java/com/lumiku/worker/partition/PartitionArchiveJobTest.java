package com.lumiku.worker.partition;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credits archived by the {@code partition-maintenance} job itself (not by calling
 * {@link PartitionMaintenance} directly): each recorded step commits on its own, so the
 * carry-forward transaction sees its catalogue row. Regression: the tasklet ran in a step
 * transaction, the catalogue row stayed uncommitted, and every credits archive failed
 * with a foreign-key violation on {@code archive_carry_forward}.
 */
@SpringBootTest(properties = { "LUMIKU_RETENTION_CREDITS=2",
		"lumiku.partitions.archive-directory=target/test-archive/PartitionArchiveJobTest" })
class PartitionArchiveJobTest extends ArchiveTestSupport {

	@Autowired
	JobRuns runs;

	@Test
	void the_job_archives_credits_past_retention_and_every_step_is_committed_as_it_is_recorded() throws Exception {
		YearMonth now = YearMonth.from(LocalDate.now(ZoneOffset.UTC));
		Clock fourMonthsAgo = Clock.fixed(now.minusMonths(4).atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC),
				ZoneOffset.UTC);
		PartitionProperties premakeOnly = new PartitionProperties(3, this.archive, Map.of(), Duration.ofSeconds(2), 5,
				100);
		new PartitionOperations(this.dataSource, premakeOnly, fourMonthsAgo, StepHook.NONE).convert("credits", false);
		assertThat(new PartitionMaintenance(this.dataSource, premakeOnly,
				new PartitionMetrics(this.jdbc, new SimpleMeterRegistry()), Clock.systemUTC(), StepHook.NONE)
			.run(false)
			.failures()).isEmpty();
		users("ju1", "ju2");
		ledger("ju1", day(now, -6), 100, day(now, -4), -30, day(now, -3), 20, day(now, -1), -5);
		ledger("ju2", day(now, -5), 40);
		List<String> balances = this.jdbc.queryForList(NEWEST_BALANCES, String.class);

		JobExecution run = this.runs.run(RunRequest.manual("partition-maintenance", Map.of()));

		assertThat(run.getStatus()).as(run.getExitStatus().getExitDescription()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(archives("credits")).containsExactly("legacy dropped", now.minusMonths(3) + " dropped");
		assertThat(this.jdbc.queryForList(NEWEST_BALANCES, String.class)).isEqualTo(balances);
		assertThat(brokenLedgers()).isEmpty();
	}

	private static String day(YearMonth now, int months) {
		return now.plusMonths(months).atDay(10).toString();
	}

}
