package com.lumiku.worker.partition;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Called each time an archive or conversion step has been recorded. Production uses
 * {@link #fromEnvironment()}, which is {@link #NONE} unless the test hook
 * {@code LUMIKU_PARTITIONS_PAUSE_AFTER} is set; the in-process tests inject a failure
 * after a chosen step to prove that a run resumes from every recorded state.
 */
@FunctionalInterface
interface StepHook {

	/**
	 * The test hook's environment variable (or system property
	 * {@code lumiku.partitions.pause-after}).
	 */
	String PAUSE_AFTER = "LUMIKU_PARTITIONS_PAUSE_AFTER";

	/** The line a paused process logs, followed by the table and the step. */
	String PAUSED = "TEST HOOK: partitions paused after recording";

	StepHook NONE = (table, state) -> {
	};

	void recorded(String table, String state);

	/**
	 * Called after a transaction that held the parent table's ACCESS EXCLUSIVE lock (the
	 * credits DETACH), with how long it held it: from the DETACH to the commit.
	 */
	default void parentLocked(String table, java.time.Duration held) {
	}

	/**
	 * The hook of a production process: none, unless {@value #PAUSE_AFTER} (or the system
	 * property {@code lumiku.partitions.pause-after}) names a step ({@code exported}) or
	 * a table and a step ({@code credits:exported}). Then, the first time that step is
	 * recorded, the process logs {@value #PAUSED} and blocks for
	 * {@code LUMIKU_PARTITIONS_PAUSE_SECONDS} (default 600) before it goes on: a test
	 * hook, so that a multi-process test can {@code kill -9} the process exactly at that
	 * step. Off by default; never set it on a production worker.
	 */
	static StepHook fromEnvironment() {
		String spec = setting("lumiku.partitions.pause-after", PAUSE_AFTER);
		if (spec == null || spec.isBlank()) {
			return NONE;
		}
		String seconds = setting("lumiku.partitions.pause-seconds", "LUMIKU_PARTITIONS_PAUSE_SECONDS");
		return pauseAfter(spec.trim(), Duration.ofSeconds((seconds != null) ? Long.parseLong(seconds.trim()) : 600));
	}

	/** Blocks once, for {@code pause}, after the step {@code spec} names. */
	static StepHook pauseAfter(String spec, Duration pause) {
		int colon = spec.indexOf(':');
		String onlyTable = (colon < 0) ? null : spec.substring(0, colon).toLowerCase(Locale.ROOT);
		String step = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
		Logger logger = LoggerFactory.getLogger(StepHook.class);
		logger.warn("{}={} is set: this process pauses after recording step {} (a test hook)", PAUSE_AFTER, spec, step);
		java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
		return (table, state) -> {
			if (state.equals(step) && (onlyTable == null || onlyTable.equals(table))
					&& paused.compareAndSet(false, true)) {
				logger.warn("{} {} {}", PAUSED, table, state);
				System.out.println(PAUSED + " " + table + " " + state);
				System.out.flush();
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new PartitionException("interrupted while paused by " + PAUSE_AFTER);
				}
			}
		};
	}

	private static String setting(String property, String variable) {
		String value = System.getProperty(property);
		return (value != null) ? value : System.getenv(variable);
	}

}
