package com.lumiku.worker.subscription;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Subscription billing ({@code lumiku.subscriptions.*}).
 *
 * @param gracePeriod how long an unpaid renewing subscription keeps access after its end
 * date before it expires ({@code LUMIKU_SUBSCRIPTIONS_GRACE_PERIOD})
 * @param retrySchedule when a declined renewal is tried again, each counted from the end
 * date; the last one must fall within the grace period
 * @param gateway the payment gateway
 */
@ConfigurationProperties("lumiku.subscriptions")
public record SubscriptionProperties(@DefaultValue("3d") Duration gracePeriod, @DefaultValue( {
		"1d", "2d", "3d" }) List<Duration> retrySchedule, @DefaultValue Gateway gateway){

	public SubscriptionProperties {
		retrySchedule = List.copyOf(retrySchedule);
		if (gracePeriod.isNegative()) {
			throw new IllegalArgumentException("lumiku.subscriptions.grace-period must not be negative");
		}
		for (int i = 0; i < retrySchedule.size(); i++) {
			Duration retry = retrySchedule.get(i);
			if (retry.isNegative() || retry.compareTo(gracePeriod) > 0
					|| (i > 0 && retry.compareTo(retrySchedule.get(i - 1)) <= 0)) {
				throw new IllegalArgumentException("lumiku.subscriptions.retry-schedule " + retrySchedule
						+ ": each retry must come after the one before and within grace-period " + gracePeriod);
			}
		}
	}

	/** Attempts per period: the first and the retries. */
	int maxAttempts() {
		return 1 + this.retrySchedule.size();
	}

	/**
	 * A Duitku-style gateway (never logged: {@code apiKey}).
	 *
	 * @param baseUrl the API's base URL ({@code LUMIKU_GATEWAY_URL}); the simulator's
	 * when {@code serve --demo} starts it
	 * @param merchantCode the merchant code ({@code LUMIKU_GATEWAY_MERCHANT_CODE})
	 * @param apiKey the merchant key that signs requests ({@code LUMIKU_GATEWAY_API_KEY})
	 * @param connectTimeout the longest a connection may take to open
	 * @param callTimeout the default longest a call may take (a run's {@code callTimeout}
	 * overrides it)
	 * @param callbackUrl where the gateway posts an invoice's settlement (the worker's
	 * {@code /gateway/duitku/callback}, {@code LUMIKU_GATEWAY_CALLBACK_URL}); empty: the
	 * gateway's own configuration decides, and the worker settles by inquiry
	 */
	public record Gateway(@DefaultValue("http://localhost:8089") URI baseUrl, @DefaultValue("DEMO") String merchantCode,
			@DefaultValue("demo-key") String apiKey, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("10s") Duration callTimeout, @DefaultValue("") String callbackUrl) {

		public Gateway {
			callbackUrl = (callbackUrl != null) ? callbackUrl : "";
		}

		@Override
		public String toString() {
			return "Gateway[baseUrl=" + this.baseUrl + ", merchantCode=" + this.merchantCode
					+ ", apiKey=(hidden), connectTimeout=" + this.connectTimeout + ", callTimeout=" + this.callTimeout
					+ ", callbackUrl=" + this.callbackUrl + "]";
		}

	}

}
