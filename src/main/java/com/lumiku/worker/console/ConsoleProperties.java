package com.lumiku.worker.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator console's settings ({@code lumiku.console.*}).
 *
 * @param tokens the console's named tokens, {@code name:role:token} separated by commas
 * ({@code LUMIKU_CONSOLE_TOKENS}); role is {@code operator} or {@code read-only}; each
 * token at least {@value ConsoleTokens#MIN_LENGTH} characters. {@code LUMIKU_API_TOKEN},
 * when set, also logs in, as the operator named {@code api}
 * @param sessionIdleTimeout a session unused this long is logged out
 * @param secureCookie whether the session cookie is marked {@code Secure}: {@code auto}
 * when the request came over https (behind a proxy: set
 * {@code server.forward-headers-strategy=native}), {@code always} or {@code never}
 * @param refreshInterval how often a page showing a running job reloads itself
 * @param bulkBatchSize rows a bulk action changes per transaction
 */
@ConfigurationProperties("lumiku.console")
public record ConsoleProperties(@DefaultValue("") String tokens, @DefaultValue("30m") Duration sessionIdleTimeout,
		@DefaultValue("auto") SecureCookie secureCookie, @DefaultValue("3s") Duration refreshInterval,
		@DefaultValue("500") int bulkBatchSize) {

	/** The settings without the tokens. */
	@Override
	public String toString() {
		return "ConsoleProperties[tokens=" + com.lumiku.worker.security.RedactSecrets.secret(this.tokens)
				+ ", sessionIdleTimeout=" + this.sessionIdleTimeout + ", secureCookie=" + this.secureCookie
				+ ", refreshInterval=" + this.refreshInterval + ", bulkBatchSize=" + this.bulkBatchSize + "]";
	}

	/** When the session cookie carries {@code Secure}. */
	public enum SecureCookie {

		AUTO, ALWAYS, NEVER

	}

	public ConsoleProperties {
		if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
			throw new IllegalArgumentException(
					"lumiku.console.session-idle-timeout must be positive, got " + sessionIdleTimeout);
		}
		if (refreshInterval.toMillis() < 500) {
			throw new IllegalArgumentException(
					"lumiku.console.refresh-interval must be at least 500ms, got " + refreshInterval);
		}
		if (bulkBatchSize < 1 || bulkBatchSize > 10_000) {
			throw new IllegalArgumentException(
					"lumiku.console.bulk-batch-size must be from 1 to 10000, got " + bulkBatchSize);
		}
	}

}
