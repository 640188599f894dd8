package com.lumiku.worker.scheduling;

import java.util.Optional;

/**
 * A parameter a job declares.
 *
 * @param name the parameter name
 * @param type its type
 * @param required whether a run must give it (a parameter with a default never is)
 * @param defaultValue the value used when a run does not give one
 * @param description what it means, for the CLI and the API
 */
public record ParameterSpec(String name, ParameterType type, boolean required, Optional<String> defaultValue,
		String description) {

	public ParameterSpec {
		defaultValue.ifPresent(type::parse);
	}

	public static ParameterSpec optional(String name, ParameterType type, String defaultValue, String description) {
		return new ParameterSpec(name, type, false, Optional.of(defaultValue), description);
	}

	/** A parameter that may be left out, with no value then (the job decides). */
	public static ParameterSpec optional(String name, ParameterType type, String description) {
		return new ParameterSpec(name, type, false, Optional.empty(), description);
	}

	public static ParameterSpec required(String name, ParameterType type, String description) {
		return new ParameterSpec(name, type, true, Optional.empty(), description);
	}

}
