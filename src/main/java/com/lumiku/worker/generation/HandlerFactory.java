package com.lumiku.worker.generation;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A kind of handler ({@code kind:} in an app's handler configuration). The shipped kinds
 * are {@code http}, {@code command} and {@code noop}; any bean of this type adds one.
 */
public interface HandlerFactory {

	/** The name used in the configuration. */
	String kind();

	/**
	 * Builds the handler of one app.
	 * @param settings the app's settings (handler configuration, timeout)
	 * @param jdbc for the handler's {@code row-query}
	 * @return the handler
	 */
	GenerationHandler create(AppSettings settings, JdbcTemplate jdbc);

}
