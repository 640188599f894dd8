package com.lumiku.worker.payment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.bulk.BulkSettings;
import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;

/**
 * The parameters of a {@code payment-expiry} run, bound once per step from its job
 * parameters; {@link #DECLARATION} declares them and is the job's validator.
 *
 * @param expireAfter a pending payment older than this (from {@code createdAt}) expires
 * @param bulk the common bulk parameters
 */
record PaymentExpiryParameters(Duration expireAfter, BulkSettings bulk) {

	static final JobDescriptor DECLARATION = new JobDescriptor(PaymentExpiryJobConfiguration.NAME,
			"Expire payments left pending past the gateway's expiry window",
			BulkSettings.withCommonParameters(
					List.of(ParameterSpec
						.optional("expireAfter", ParameterType.DURATION, "24h",
								"A pending payment older than this (from createdAt) expires;"
										+ " at least 1h (the gateway's window is 24h)")
						.atLeast(Duration.ofHours(1))),
					"1000", "0s", "10m"));

	static PaymentExpiryParameters bind(Map<String, Object> jobParameters) {
		var values = DECLARATION.bind(jobParameters);
		return new PaymentExpiryParameters(values.duration("expireAfter"), BulkSettings.of(values));
	}

}
