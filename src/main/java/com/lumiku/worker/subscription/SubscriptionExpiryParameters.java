package com.lumiku.worker.subscription;

import java.util.List;
import java.util.Map;

import com.lumiku.worker.bulk.BulkSettings;
import com.lumiku.worker.run.JobDescriptor;

/**
 * The parameters of a {@code subscription-expiry} run (the common bulk parameters; the
 * grace period is {@code lumiku.subscriptions.grace-period}, shared with the renewal
 * job's retry schedule).
 *
 * @param bulk the common bulk parameters
 */
record SubscriptionExpiryParameters(BulkSettings bulk) {

	static final JobDescriptor DECLARATION = new JobDescriptor(SubscriptionExpiryJobConfiguration.NAME,
			"Move subscriptions past their end date into grace or expiry, downgrading users once",
			BulkSettings.withCommonParameters(List.of(), "1000", "0s", "10m"));

	static SubscriptionExpiryParameters bind(Map<String, Object> jobParameters) {
		return new SubscriptionExpiryParameters(BulkSettings.of(DECLARATION.bind(jobParameters)));
	}

}
