package com.lumiku.worker.run;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's declared parameters, typed ({@link JobDescriptor#bind}), for a job to build its
 * parameter record from. The values were checked (types, ranges and words) before the
 * run; a getter of the wrong type or of an undeclared name is a mistake in the job's
 * code.
 */
public final class ParameterValues {

	private final JobDescriptor descriptor;

	private final Map<String, Object> values;

	ParameterValues(JobDescriptor descriptor, Map<String, Object> values) {
		this.descriptor = descriptor;
		this.values = Map.copyOf(values);
	}

	public Duration duration(String name) {
		return required(name, ParameterType.DURATION, Duration.class);
	}

	/** A {@link ParameterType#LONG} parameter whose declared range fits an int. */
	public int integer(String name) {
		return Math.toIntExact(required(name, ParameterType.LONG, Long.class));
	}

	/** A {@link ParameterType#STRING} parameter with a default. */
	public String text(String name) {
		return required(name, ParameterType.STRING, String.class);
	}

	/** A {@link ParameterType#CHOICE} parameter with a default: one of its words. */
	public String choice(String name) {
		return required(name, ParameterType.CHOICE, String.class);
	}

	/**
	 * A {@link ParameterType#CHOICES} parameter with a default: the words chosen, each
	 * once, in declared order (every word for {@code all}).
	 */
	@SuppressWarnings("unchecked")
	public List<String> choices(String name) {
		return required(name, ParameterType.CHOICES, List.class);
	}

	/** A {@link ParameterType#NAMES} parameter with a default: the names, each once. */
	@SuppressWarnings("unchecked")
	public List<String> names(String name) {
		return required(name, ParameterType.NAMES, List.class);
	}

	public boolean flag(String name) {
		return required(name, ParameterType.BOOLEAN, Boolean.class);
	}

	public ZoneId zone(String name) {
		return required(name, ParameterType.ZONE_ID, ZoneId.class);
	}

	/** A parameter without a default, left out by the run. */
	public Optional<LocalDate> date(String name) {
		return optional(name, ParameterType.DATE, LocalDate.class);
	}

	private <T> T required(String name, ParameterType type, Class<T> kind) {
		return optional(name, type, kind).orElseThrow(() -> new IllegalStateException(
				"Job '" + this.descriptor.name() + "' has no value for '" + name + "' and no default"));
	}

	private <T> Optional<T> optional(String name, ParameterType type, Class<T> kind) {
		ParameterSpec spec = this.descriptor.spec(name)
			.orElseThrow(() -> new IllegalArgumentException(
					"Job '" + this.descriptor.name() + "' declares no parameter '" + name + "'"));
		if (spec.type() != type) {
			throw new IllegalArgumentException("Parameter '" + name + "' of job '" + this.descriptor.name()
					+ "' is declared " + spec.type() + ", not " + type);
		}
		return Optional.ofNullable(this.values.get(name)).map(kind::cast);
	}

}
