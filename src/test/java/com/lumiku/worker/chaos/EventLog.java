package com.lumiku.worker.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every fault the driver injected, with its time: printed on failure (with the seed it
 * replays the run), and read by the invariants that excuse a re-run only where a fault
 * hit the process that held the row.
 */
final class EventLog {

	/** Which processes a fault hit: one worker incarnation, or all of them. */
	static final String ALL = "*";

	/**
	 * One fault.
	 *
	 * @param start when it began
	 * @param end when it was over (the same instant for a kill)
	 * @param target the worker incarnation it hit, or {@link #ALL}
	 * @param what what was done
	 */
	record Event(Instant start, Instant end, String target, String what) {

		boolean hits(String incarnation, Instant at, Duration slack) {
			return (this.target.equals(ALL) || this.target.equals(incarnation))
					&& !at.isAfter(this.end.plus(Duration.ofSeconds(1))) && !at.plus(slack).isBefore(this.start);
		}

	}

	private final Instant origin = Instant.now();

	private final List<Event> events = new ArrayList<>();

	synchronized void add(Instant start, String target, String what) {
		this.events.add(new Event(start, Instant.now(), target, what));
		System.out.printf("[chaos +%6.1fs] %s: %s%n", seconds(start), target, what);
	}

	synchronized List<Event> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Whether a fault may explain that an attempt started at {@code at} by
	 * {@code incarnation} did not finish: a fault on that process (or on all) that began
	 * no later than {@code slack} after the attempt started and ended after it started.
	 */
	synchronized boolean excuses(String incarnation, Instant at, Duration slack) {
		return this.events.stream().anyMatch((event) -> event.hits(incarnation, at, slack));
	}

	synchronized String render() {
		StringBuilder out = new StringBuilder("event log (seconds from the start of the run):\n");
		this.events.forEach((event) -> out.append(String.format("  +%7.1fs .. +%7.1fs  %-14s %s%n",
				seconds(event.start()), seconds(event.end()), event.target(), event.what())));
		return out.toString();
	}

	private double seconds(Instant at) {
		return Duration.between(this.origin, at).toMillis() / 1000.0;
	}

}
