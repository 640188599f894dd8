package com.lumiku.worker.bulk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Meters of the bulk jobs, per {@link BulkAction}: rows changed, batches, lock timeouts,
 * and the rows left after the last run (duration is {@code lumiku_job_duration_seconds}).
 */
@Component
public class BulkMetrics {

	private final MeterRegistry registry;

	private final Map<BulkAction, AtomicLong> remaining = new ConcurrentHashMap<>();

	public BulkMetrics(MeterRegistry registry, List<BulkAction> actions) {
		this.registry = registry;
		actions.forEach(this::register);
	}

	void register(BulkAction action) {
		this.remaining.computeIfAbsent(action, (key) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder("lumiku_bulk_rows_remaining", value, AtomicLong::get)
				.tags("job_name", key.job(), "action", key.action())
				.description("Rows left when the job's last run here reached its maxRunTime (0 = it caught up)")
				.register(this.registry);
			return value;
		});
		rows(action);
		batches(action);
		lockTimeouts(action);
		batchTime(action);
	}

	void batchDone(BulkAction action, long rows, Duration took) {
		rows(action).increment(rows);
		batches(action).increment();
		batchTime(action).record(took);
	}

	/**
	 * Duration of the batch transactions: each holds its row locks for at most this long
	 * ({@code _max} is the longest lock hold).
	 * @param action the job and action
	 * @return the timer
	 */
	public Timer batchTime(BulkAction action) {
		return Timer.builder("lumiku_bulk_batch_seconds")
			.tags("job_name", action.job(), "action", action.action())
			.description("Duration of one batch transaction (the longest time its row locks are held)")
			.register(this.registry);
	}

	void lockTimedOut(BulkAction action) {
		lockTimeouts(action).increment();
	}

	void remaining(BulkAction action, long rows) {
		register(action);
		this.remaining.get(action).set(rows);
	}

	private Counter rows(BulkAction action) {
		return counter("lumiku_bulk_rows_total", "Rows changed by bulk jobs", action);
	}

	private Counter batches(BulkAction action) {
		return counter("lumiku_bulk_batches_total", "Committed batches of bulk jobs", action);
	}

	private Counter lockTimeouts(BulkAction action) {
		return counter("lumiku_bulk_lock_timeouts_total",
				"Batches that gave up waiting for a lock (retried after a pause)", action);
	}

	private Counter counter(String name, String description, BulkAction action) {
		return Counter.builder(name)
			.tags("job_name", action.job(), "action", action.action())
			.description(description)
			.register(this.registry);
	}

}
