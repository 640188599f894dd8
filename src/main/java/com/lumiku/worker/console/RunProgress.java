package com.lumiku.worker.console;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * A run's steps and their progress, from Spring Batch's step executions (counts saved at
 * every chunk commit, by whichever worker runs it) and step contexts: rows done
 * (written), batches (commits), rate, elapsed, and rows left where the step's reader
 * knows its total (an item-counting reader's {@code <name>.read.count.max} less
 * {@code <name>.read.count}, or a step's own {@value #ROWS_LEFT} entry).
 */
@Component
class RunProgress {

	/** A step may keep the rows it still has to do here. */
	static final String ROWS_LEFT = "lumiku.rows.left";

	/** One step of a run. */
	record Step(String name, String status, String exitCode, String exitDescription, long read, long written,
			long filtered, long skipped, long batches, long rollbacks, Duration elapsed, OptionalLong left) {

		/** Rows written per second, over the step's elapsed time. */
		public String rate() {
			double seconds = this.elapsed.toMillis() / 1000.0;
			return (seconds <= 0) ? "-" : String.format(java.util.Locale.ROOT, "%.1f/s", this.written / seconds);
		}

		public String elapsedText() {
			return Durations.words(this.elapsed);
		}

		/** Percent done, when the rows left are known. */
		public Optional<Integer> percent() {
			if (this.left.isEmpty()) {
				return Optional.empty();
			}
			long total = this.read + this.left.getAsLong();
			return Optional.of((total == 0) ? 100 : (int) (100 * this.read / total));
		}

	}

	private final JobRepository repository;

	RunProgress(JobRepository repository) {
		this.repository = repository;
	}

	/** The steps of a run, in the order they started; empty for an unknown run. */
	List<Step> steps(long executionId) {
		JobExecution execution = this.repository.getJobExecution(executionId);
		if (execution == null) {
			return List.of();
		}
		return execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparing(StepExecution::getId))
			.map(RunProgress::step)
			.toList();
	}

	private static Step step(StepExecution step) {
		LocalDateTime start = step.getStartTime();
		LocalDateTime end = (step.getEndTime() != null) ? step.getEndTime()
				: step.getStatus().isRunning() ? LocalDateTime.now() : step.getLastUpdated();
		Duration elapsed = (start != null && end != null) ? Duration.between(start, end) : Duration.ZERO;
		return new Step(step.getStepName(), step.getStatus().name(), step.getExitStatus().getExitCode(),
				step.getExitStatus().getExitDescription(), step.getReadCount(), step.getWriteCount(),
				step.getFilterCount(), step.getReadSkipCount() + step.getWriteSkipCount() + step.getProcessSkipCount(),
				step.getCommitCount(), step.getRollbackCount(), elapsed, rowsLeft(step.getExecutionContext()));
	}

	static OptionalLong rowsLeft(ExecutionContext context) {
		if (context.containsKey(ROWS_LEFT)) {
			return OptionalLong.of(((Number) context.get(ROWS_LEFT)).longValue());
		}
		for (Map.Entry<String, Object> entry : context.entrySet()) {
			String key = entry.getKey();
			if (key.endsWith(".read.count.max") && entry.getValue() instanceof Number max) {
				Object read = context.get(key.substring(0, key.length() - ".max".length()));
				long done = (read instanceof Number number) ? number.longValue() : 0;
				return OptionalLong.of(Math.max(0, max.longValue() - done));
			}
		}
		return OptionalLong.empty();
	}

}
