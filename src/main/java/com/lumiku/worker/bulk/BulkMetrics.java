package com.lumiku.worker.bulk;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

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
				.tags("job", key.job(), "action", key.action())
				.description("Rows still to change after the job's last run in this process (0 = caught up)")
				.register(this.registry);
			return value;
		});
		rows(action);
		batches(action);
		lockTimeouts(action);
	}

	void batchDone(BulkAction action, long rows) {
		rows(action).increment(rows);
		batches(action).increment();
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
			.tags("job", action.job(), "action", action.action())
			.description(description)
			.register(this.registry);
	}

}
