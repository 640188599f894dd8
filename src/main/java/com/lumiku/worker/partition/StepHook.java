package com.lumiku.worker.partition;

import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Called each time an archive or conversion step has been recorded, and while a long step
 * makes progress. Production uses {@link #fromEnvironment()}, which is {@link #NONE}
 * unless the test hook {@code LUMIKU_PARTITIONS_PAUSE_AFTER} is set; the in-process tests
 * inject a failure after a chosen step to prove that a run resumes from every recorded
 * state, and the process tests pause a process at a step (or inside one) to
 * {@code kill -9} it there.
 */
@FunctionalInterface
interface StepHook {

	/**
	 * The test hook's environment variable (or system property
	 * {@code lumiku.partitions.pause-after}).
	 */
	String PAUSE_AFTER = "LUMIKU_PARTITIONS_PAUSE_AFTER";

	/**
	 * With the test hook: a pause also ends as soon as this file exists (environment
	 * variable, or system property {@code lumiku.partitions.resume-file}).
	 */
	String RESUME_FILE = "LUMIKU_PARTITIONS_RESUME_FILE";

	/** The line a paused process logs, followed by the table and the step. */
	String PAUSED = "TEST HOOK: partitions paused after recording";

	/**
	 * The line a process paused inside a step logs, followed by table, step and count.
	 */
	String PAUSED_INSIDE = "TEST HOOK: partitions paused inside";

	/** The step of an export in progress ({@link #progress}: rows written so far). */
	String EXPORTING = "exporting";

	/**
	 * The step of a rows archive's batched delete in progress ({@link #progress}: rows
	 * deleted so far, each batch committed).
	 */
	String DELETING = "deleting";

	StepHook NONE = (table, state) -> {
	};

	void recorded(String table, String state);

	/**
	 * Called after a transaction that held the parent table's ACCESS EXCLUSIVE lock (the
	 * credits DETACH), with how long it held it: from the DETACH to the commit.
	 */
	default void parentLocked(String table, Duration held) {
	}

	/**
	 * Called while a long step runs ({@value #EXPORTING}: after each row written to the
	 * archive file; {@value #DELETING}: after each committed delete batch).
	 * @param done rows so far
	 * @param output what the step writes to (flushed before a test pause, so a half
	 * written file really holds the rows so far), or {@code null}
	 */
	default void progress(String table, String step, long done, Flushable output) {
	}

	/**
	 * Whether {@link #progress} does anything (the export counts rows only for a hook
	 * that wants them).
	 */
	default boolean wantsProgress() {
		return false;
	}

	/**
	 * The hook of a production process: none, unless {@value #PAUSE_AFTER} (or the system
	 * property {@code lumiku.partitions.pause-after}) names a step ({@code exported}), a
	 * table and a step ({@code credits:exported}), or a point inside a step
	 * ({@code credits:exporting@500}: after 500 rows are written to the file;
	 * {@code avatar_generations:deleting@200}: once 200 rows are deleted). Then, the
	 * first time that point is reached, the process logs {@value #PAUSED} (or
	 * {@value #PAUSED_INSIDE}) and blocks for {@code LUMIKU_PARTITIONS_PAUSE_SECONDS}
	 * (default 600), or until the file {@value #RESUME_FILE} names exists, before it goes
	 * on: a test hook, so that a multi-process test can {@code kill -9} the process
	 * exactly there, or hold it there while another process runs. Off by default; never
	 * set it on a production worker.
	 */
	static StepHook fromEnvironment() {
		String spec = setting("lumiku.partitions.pause-after", PAUSE_AFTER);
		if (spec == null || spec.isBlank()) {
			return NONE;
		}
		String seconds = setting("lumiku.partitions.pause-seconds", "LUMIKU_PARTITIONS_PAUSE_SECONDS");
		String resume = setting("lumiku.partitions.resume-file", RESUME_FILE);
		return pauseAfter(spec.trim(), Duration.ofSeconds((seconds != null) ? Long.parseLong(seconds.trim()) : 600),
				(resume != null && !resume.isBlank()) ? Path.of(resume.trim()) : null);
	}

	/** Blocks once, for {@code pause}, after the step {@code spec} names. */
	static StepHook pauseAfter(String spec, Duration pause) {
		return pauseAfter(spec, pause, null);
	}

	/**
	 * Blocks once, for {@code pause} or until {@code resumeFile} exists, at the point
	 * {@code spec} names.
	 */
	static StepHook pauseAfter(String spec, Duration pause, Path resumeFile) {
		int colon = spec.indexOf(':');
		String onlyTable = (colon < 0) ? null : spec.substring(0, colon).toLowerCase(Locale.ROOT);
		String point = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
		int at = point.indexOf('@');
		String step = (at < 0) ? point : point.substring(0, at);
		long after = (at < 0) ? -1 : Long.parseLong(point.substring(at + 1));
		Logger logger = LoggerFactory.getLogger(StepHook.class);
		logger.warn("{}={} is set: this process pauses at step {}{} (a test hook)", PAUSE_AFTER, spec, step,
				(after < 0) ? "" : " after " + after + " rows");
		AtomicBoolean paused = new AtomicBoolean();
		return new StepHook() {

			@Override
			public void recorded(String table, String state) {
				if (after < 0 && state.equals(step) && matches(table) && paused.compareAndSet(false, true)) {
					block(PAUSED + " " + table + " " + state);
				}
			}

			@Override
			public void progress(String table, String inside, long done, Flushable output) {
				if (after >= 0 && inside.equals(step) && done >= after && matches(table)
						&& paused.compareAndSet(false, true)) {
					try {
						if (output != null) {
							output.flush();
						}
					}
					catch (IOException ex) {
						throw new PartitionException("test hook: cannot flush before pausing: " + ex, ex);
					}
					block(PAUSED_INSIDE + " " + table + " " + inside + " " + done);
				}
			}

			@Override
			public boolean wantsProgress() {
				return after >= 0;
			}

			private boolean matches(String table) {
				return onlyTable == null || onlyTable.equals(table);
			}

			private void block(String line) {
				logger.warn("{}", line);
				System.out.println(line);
				System.out.flush();
				long deadline = System.nanoTime() + pause.toNanos();
				try {
					while (System.nanoTime() < deadline && (resumeFile == null || !Files.exists(resumeFile))) {
						Thread.sleep(100);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new PartitionException("interrupted while paused by " + PAUSE_AFTER);
				}
				logger.warn("TEST HOOK: partitions resumed after: {}", line);
			}

		};
	}

	private static String setting(String property, String variable) {
		String value = System.getProperty(property);
		return (value != null) ? value : System.getenv(variable);
	}

}
