package com.lumiku.worker.subscription;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What one renewal run did, for its exit description. */
final class RenewalCounts {

	private final AtomicLong opened = new AtomicLong();

	private final AtomicLong closed = new AtomicLong();

	private final Map<PaymentGateway.Outcome, AtomicLong> outcomes = new EnumMap<>(PaymentGateway.Outcome.class);

	RenewalCounts() {
		for (PaymentGateway.Outcome outcome : PaymentGateway.Outcome.values()) {
			this.outcomes.put(outcome, new AtomicLong());
		}
	}

	void opened(long renewals) {
		this.opened.addAndGet(renewals);
	}

	void closed(long renewals) {
		this.closed.addAndGet(renewals);
	}

	long closed() {
		return this.closed.get();
	}

	void recorded(PaymentGateway.Outcome outcome) {
		this.outcomes.get(outcome).incrementAndGet();
	}

	String summary() {
		return "closed " + this.closed.get() + " stale renewals; opened " + this.opened.get() + " renewals; succeeded "
				+ get(PaymentGateway.Outcome.SUCCESS) + ", declined " + get(PaymentGateway.Outcome.DECLINED)
				+ ", invoiced (waiting for the user) " + get(PaymentGateway.Outcome.PENDING)
				+ ", unknown (awaiting reconciliation) " + get(PaymentGateway.Outcome.UNKNOWN)
				+ ", not found at the gateway " + get(PaymentGateway.Outcome.NOT_FOUND);
	}

	long get(PaymentGateway.Outcome outcome) {
		return this.outcomes.get(outcome).get();
	}

}
