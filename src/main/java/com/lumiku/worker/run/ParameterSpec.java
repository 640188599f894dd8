package com.lumiku.worker.run;

import java.time.Duration;
import java.util.Optional;

/**
 * A parameter a job declares.
 *
 * @param name the parameter name
 * @param type its type
 * @param required whether a run must give it (a parameter with a default never is)
 * @param defaultValue the value used when a run does not give one
 * @param description what it means, for the CLI and the API
 * @param bounds the inclusive range a {@link ParameterType#LONG} or
 * {@link ParameterType#DURATION} value must lie in, if any: the one place a range is
 * checked (jobs bind values already checked)
 * @param formerName the name this parameter had before, if it was renamed: a run or a
 * {@code jobs/} file that still uses it is told the new name
 */
public record ParameterSpec(String name, ParameterType type, boolean required, Optional<String> defaultValue,
		String description, Optional<Bounds> bounds, Optional<String> formerName) {

	public ParameterSpec {
		bounds.ifPresent((range) -> range.requireType(type));
		defaultValue.map(type::parse)
			.flatMap((value) -> bounds.flatMap((range) -> range.check(value)))
			.ifPresent((problem) -> {
				throw new IllegalArgumentException("default of '" + name + "': " + problem);
			});
	}

	public static ParameterSpec optional(String name, ParameterType type, String defaultValue, String description) {
		return new ParameterSpec(name, type, false, Optional.of(defaultValue), description, Optional.empty(),
				Optional.empty());
	}

	/** A parameter that may be left out, with no value then (the job decides). */
	public static ParameterSpec optional(String name, ParameterType type, String description) {
		return new ParameterSpec(name, type, false, Optional.empty(), description, Optional.empty(), Optional.empty());
	}

	public static ParameterSpec required(String name, ParameterType type, String description) {
		return new ParameterSpec(name, type, true, Optional.empty(), description, Optional.empty(), Optional.empty());
	}

	/**
	 * This parameter, limited to a range of whole numbers.
	 * @param min the smallest value allowed
	 * @param max the largest value allowed
	 * @return the limited parameter
	 */
	public ParameterSpec between(long min, long max) {
		return withBounds(new Bounds(min, max));
	}

	/**
	 * This parameter, limited to a range of durations.
	 * @param min the shortest allowed
	 * @param max the longest allowed
	 * @return the limited parameter
	 */
	public ParameterSpec between(Duration min, Duration max) {
		return withBounds(new Bounds(min, max));
	}

	/**
	 * This parameter, limited to durations of at least {@code min}.
	 * @param min the shortest allowed
	 * @return the limited parameter
	 */
	public ParameterSpec atLeast(Duration min) {
		return withBounds(new Bounds(min, null));
	}

	/**
	 * Why a parsed value is refused, if it is.
	 * @param value the value {@link #type()} parsed
	 * @return the problem, or empty when the value is allowed
	 */
	public Optional<String> outOfBounds(Object value) {
		return this.bounds.flatMap((range) -> range.check(value));
	}

	/**
	 * This parameter, once called {@code oldName}.
	 * @param oldName the former name
	 * @return the renamed parameter
	 */
	public ParameterSpec renamedFrom(String oldName) {
		return new ParameterSpec(this.name, this.type, this.required, this.defaultValue, this.description, this.bounds,
				Optional.of(oldName));
	}

	private ParameterSpec withBounds(Bounds range) {
		return new ParameterSpec(this.name, this.type, this.required, this.defaultValue, this.description,
				Optional.of(range), this.formerName);
	}

	/**
	 * An inclusive range of {@link Long} or {@link Duration} values; a {@code null} end
	 * is open.
	 *
	 * @param min the smallest value allowed, or {@code null}
	 * @param max the largest value allowed, or {@code null}
	 */
	public record Bounds(Comparable<?> min, Comparable<?> max) {

		void requireType(ParameterType type) {
			Class<?> expected = (type == ParameterType.LONG) ? Long.class
					: (type == ParameterType.DURATION) ? Duration.class : null;
			if (expected == null || (this.min != null && !expected.isInstance(this.min))
					|| (this.max != null && !expected.isInstance(this.max))) {
				throw new IllegalArgumentException("bounds of " + this.min + ".." + this.max + " do not fit " + type);
			}
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		Optional<String> check(Object value) {
			Comparable comparable = (Comparable) value;
			boolean tooSmall = this.min != null && comparable.compareTo(this.min) < 0;
			boolean tooLarge = this.max != null && comparable.compareTo(this.max) > 0;
			return (tooSmall || tooLarge) ? Optional.of(describe() + ", got " + show(value)) : Optional.empty();
		}

		/**
		 * The rule in words, e.g. "must be from 1 to 100000" or "must be at least 1h".
		 * @return the rule
		 */
		public String describe() {
			if (this.max == null) {
				return "must be at least " + show(this.min);
			}
			if (this.min == null) {
				return "must be at most " + show(this.max);
			}
			return "must be from " + show(this.min) + " to " + show(this.max);
		}

		private static String show(Object value) {
			return (value instanceof Duration duration) ? ParameterType.formatDuration(duration)
					: String.valueOf(value);
		}

	}

}
