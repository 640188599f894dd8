package com.lumiku.worker.scheduling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Automatic resume of scheduled periods lost to infrastructure
 * ({@code lumiku.scheduling.resume.*}, see {@link ResumeLostPeriods}).
 *
 * @param enabled whether the daemon resumes such periods by itself
 * @param maxAttempts automatic resumes per period at most
 * @param within only periods whose first execution was created this recently
 */
@ConfigurationProperties("lumiku.scheduling.resume")
public record ResumeProperties(@DefaultValue("true") boolean enabled, @DefaultValue("3") int maxAttempts,
		@DefaultValue("1h") Duration within) {

	public ResumeProperties {
		if (maxAttempts < 0) {
			throw new IllegalArgumentException(
					"lumiku.scheduling.resume.max-attempts must be 0 or more, was " + maxAttempts);
		}
	}

}
