package com.lumiku.worker.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code lumiku_console_actions_total{action,outcome}}: actions taken in the console
 * (action: run, stop, restart, pause, resume, bulk-retry, bulk-cancel, login; outcome:
 * ok, invalid, conflict, forbidden, error). Counts what this process did.
 */
@Component
class ConsoleMetrics {

	private final MeterRegistry registry;

	ConsoleMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void action(String action, String outcome) {
		Counter.builder("lumiku.console.actions")
			.description("Actions taken in the operator console")
			.tag("action", action)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

}
