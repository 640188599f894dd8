package com.lumiku.worker.subscription;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code subscription-renewal} run, bound once per step;
 * {@link #DECLARATION} declares them and is the job's validator.
 *
 * @param leadTime a subscription is due when its billing date is at most this far ahead
 * @param batchSize renewals claimed per transaction (and gateway calls per round)
 * @param concurrency gateway calls in flight at once, at most
 * @param callTimeout the longest one gateway call may take; then its outcome is unknown
 * @param inquiryAfter how long after an unknown outcome its status is asked
 * @param invoiceCheckEvery how often the status of an open invoice is asked (the
 * gateway's callback settles it sooner)
 * @param dryRun count what is due, change nothing, call nothing
 */
record SubscriptionRenewalParameters(Duration leadTime, int batchSize, int concurrency, Duration callTimeout,
		Duration inquiryAfter, Duration invoiceCheckEvery, boolean dryRun) {

	static final JobDescriptor DECLARATION = new JobDescriptor(SubscriptionRenewalJobConfiguration.NAME,
			"Charge the subscriptions due for their next period, once per period", List.of(
					ParameterSpec
						.optional("leadTime", ParameterType.DURATION, "1h",
								"A subscription is due when its billing date is at most this far ahead")
						.between(Duration.ZERO, Duration.ofDays(7)),
					ParameterSpec.optional("batchSize", ParameterType.LONG, "200", "Renewals claimed per transaction")
						.between(1, 10_000),
					ParameterSpec.optional("concurrency", ParameterType.LONG, "16", "Gateway calls in flight at once")
						.between(1, 256),
					ParameterSpec
						.optional("callTimeout", ParameterType.DURATION, "10s",
								"The longest one gateway call may take; then its outcome is unknown")
						.between(Duration.ofMillis(100), Duration.ofMinutes(2)),
					ParameterSpec
						.optional("inquiryAfter", ParameterType.DURATION, "1m",
								"How long after an unknown outcome the gateway is asked about it")
						.between(Duration.ZERO, Duration.ofDays(1)),
					ParameterSpec
						.optional("invoiceCheckEvery", ParameterType.DURATION, "30m",
								"How often the status of an open invoice is asked (its callback settles it sooner)")
						.between(Duration.ZERO, Duration.ofDays(1)),
					ParameterSpec.optional("dryRun", ParameterType.BOOLEAN, "false",
							"Count what is due, change nothing, call nothing")));

	static SubscriptionRenewalParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new SubscriptionRenewalParameters(values.duration("leadTime"), values.integer("batchSize"),
				values.integer("concurrency"), values.duration("callTimeout"), values.duration("inquiryAfter"),
				values.duration("invoiceCheckEvery"), values.flag("dryRun"));
	}

	/** How long a claimed call holds its row before it counts as abandoned. */
	Duration hold() {
		return this.callTimeout.multipliedBy(2).plusSeconds(30);
	}

}
