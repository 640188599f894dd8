package com.lumiku.worker.partition;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A benchmark's step hook: how long each archive step took, summed over the months (the
 * time from one recorded step to the next), and how long the parent's ACCESS EXCLUSIVE
 * lock was held.
 */
final class ArchiveTiming implements StepHook {

	private final Map<String, Long> nanos = new LinkedHashMap<>();

	private long lockedNanos;

	private long last = System.nanoTime();

	private final java.util.List<long[]> ends = new java.util.ArrayList<>();

	private final java.util.List<String> endStates = new java.util.ArrayList<>();

	@Override
	public synchronized void recorded(String table, String state) {
		long now = System.nanoTime();
		this.nanos.merge(state, now - this.last, Long::sum);
		this.last = now;
		this.ends.add(new long[] { now });
		this.endStates.add(state);
	}

	@Override
	public synchronized void parentLocked(String table, Duration held) {
		this.lockedNanos += held.toNanos();
	}

	/** Marks the start of the next step (after work that is not an archive step). */
	synchronized void restart() {
		this.last = System.nanoTime();
	}

	/**
	 * The step going on at a {@link System#nanoTime()}: the first step recorded after it
	 * ({@code after the last step} once all are done).
	 */
	synchronized String stepAt(long nanos) {
		for (int i = 0; i < this.ends.size(); i++) {
			if (this.ends.get(i)[0] >= nanos) {
				return label(this.endStates.get(i));
			}
		}
		return "after the last step";
	}

	synchronized double lockedSeconds() {
		return this.lockedNanos / 1e9;
	}

	synchronized double seconds(String state) {
		return this.nanos.getOrDefault(state, 0L) / 1e9;
	}

	synchronized String describe() {
		return this.nanos.entrySet()
			.stream()
			.map((step) -> "%s %.2f s".formatted(label(step.getKey()), step.getValue() / 1e9))
			.collect(Collectors.joining(", "));
	}

	private static String label(String state) {
		return switch (state) {
			case "started" -> "premake+start";
			case "detached" -> "(carry forward +) detach";
			case "exported" -> "export";
			case "verified" -> "verify";
			case "dropped" -> "drop";
			default -> state;
		};
	}

}
