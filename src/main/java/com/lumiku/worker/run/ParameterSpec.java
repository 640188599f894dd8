package com.lumiku.worker.run;

import java.time.Duration;
import java.util.List;
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
 * @param choices the words a {@link ParameterType#CHOICE} or
 * {@link ParameterType#CHOICES} value must be taken from (declared by {@link #oneOf} or
 * {@link #someOf}); empty for the other types
 */
public record ParameterSpec(String name, ParameterType type, boolean required, Optional<String> defaultValue,
		String description, Optional<Bounds> bounds, Optional<String> formerName, Optional<ParameterChoices> choices) {

	public ParameterSpec {
		bounds.ifPresent((range) -> range.requireType(type));
		choices.ifPresent((words) -> words.requireType(type));
		if (choices.isEmpty() && (type == ParameterType.CHOICE || type == ParameterType.CHOICES)) {
			throw new IllegalArgumentException(
					"parameter '" + name + "' is " + type + ": declare its words with ParameterSpec.oneOf or someOf");
		}
		defaultValue.map(type::parse).ifPresent((parsed) -> {
			try {
				checked(type, parsed, bounds, choices);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("default of '" + name + "': " + ex.getMessage(), ex);
			}
		});
	}

	/** A parameter of the types that need no words. */
	public ParameterSpec(String name, ParameterType type, boolean required, Optional<String> defaultValue,
			String description, Optional<Bounds> bounds, Optional<String> formerName) {
		this(name, type, required, defaultValue, description, bounds, formerName, Optional.empty());
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
	 * A parameter whose value is one word of a fixed set ({@link ParameterType#CHOICE}).
	 * @param name the parameter name
	 * @param words the allowed words, lower case
	 * @param defaultValue one of the words
	 * @param description what it means
	 * @return the parameter
	 */
	public static ParameterSpec oneOf(String name, List<String> words, String defaultValue, String description) {
		return new ParameterSpec(name, ParameterType.CHOICE, false, Optional.of(defaultValue), description,
				Optional.empty(), Optional.empty(), Optional.of(new ParameterChoices(words)));
	}

	/**
	 * A parameter whose value is some words of a fixed set, separated by commas, or
	 * {@code all} ({@link ParameterType#CHOICES}); a job binds the words chosen in the
	 * order given here.
	 * @param name the parameter name
	 * @param words the allowed words, lower case, in the order a job takes them
	 * @param defaultValue {@code all} or some of the words
	 * @param description what it means
	 * @return the parameter
	 */
	public static ParameterSpec someOf(String name, List<String> words, String defaultValue, String description) {
		return new ParameterSpec(name, ParameterType.CHOICES, false, Optional.of(defaultValue), description,
				Optional.empty(), Optional.empty(), Optional.of(new ParameterChoices(words)));
	}

	/**
	 * Parses and checks a value: its type, its range, its words; the one check every run,
	 * {@code jobs/} file and console form goes through.
	 * @param raw the text
	 * @return the typed value a job binds ({@link ParameterType#CHOICES}: the words
	 * chosen, in declared order)
	 * @throws IllegalArgumentException saying what is wrong and what is expected
	 */
	public Object value(String raw) {
		return checked(this.type, this.type.parse(raw), this.bounds, this.choices);
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
				Optional.of(oldName), this.choices);
	}

	private ParameterSpec withBounds(Bounds range) {
		return new ParameterSpec(this.name, this.type, this.required, this.defaultValue, this.description,
				Optional.of(range), this.formerName, this.choices);
	}

	private static Object checked(ParameterType type, Object parsed, Optional<Bounds> bounds,
			Optional<ParameterChoices> choices) {
		bounds.flatMap((range) -> range.check(parsed)).ifPresent((problem) -> {
			throw new IllegalArgumentException(problem);
		});
		return choices.map((words) -> words.check(type, parsed)).orElse(parsed);
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
