package com.lumiku.worker.observability;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value the gauges read from the database, read again at most once per time to live: a
 * scrape samples every series of a metric (one per job, view or table), and they all come
 * from one query. The first {@link #get()} reads.
 *
 * @param <T> what one read returns
 */
public final class CachedReading<T> {

	private final long timeToLiveNanos;

	private final Supplier<T> read;

	private T value;

	private long readAtNanos;

	private boolean hasValue;

	public CachedReading(Duration timeToLive, Supplier<T> read) {
		this.timeToLiveNanos = timeToLive.toNanos();
		this.read = read;
	}

	/**
	 * The value of the newest read, read again first if it is older than its time to
	 * live.
	 */
	public synchronized T get() {
		if (!this.hasValue || System.nanoTime() - this.readAtNanos > this.timeToLiveNanos) {
			this.value = this.read.get();
			this.readAtNanos = System.nanoTime();
			this.hasValue = true;
		}
		return this.value;
	}

}
