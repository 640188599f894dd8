package com.lumiku.worker.run;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.lumiku.worker.scheduling.Suggestions;

/**
 * The fixed set of words a {@link ParameterType#CHOICE} or {@link ParameterType#CHOICES}
 * parameter accepts: the one place such a value is checked (jobs bind words already
 * checked, in their declared spelling).
 *
 * @param words the allowed words, lower case, in the order a list of them is bound
 */
public record ParameterChoices(List<String> words) {

	/** The word that selects every word of a {@link ParameterType#CHOICES} parameter. */
	public static final String ALL = "all";

	private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9_-]*");

	public ParameterChoices {
		words = List.copyOf(words);
		if (words.isEmpty()) {
			throw new IllegalArgumentException("a choice needs at least one word");
		}
		for (String word : words) {
			if (!WORD.matcher(word).matches()) {
				throw new IllegalArgumentException(
						"the word '" + word + "' is not a lower-case word (letters, digits, _ and -)");
			}
		}
		if (Set.copyOf(words).size() != words.size()) {
			throw new IllegalArgumentException("the words " + words + " repeat one");
		}
	}

	void requireType(ParameterType type) {
		if (type != ParameterType.CHOICE && type != ParameterType.CHOICES) {
			throw new IllegalArgumentException("the words " + this.words + " do not fit " + type);
		}
		if (type == ParameterType.CHOICES && this.words.contains(ALL)) {
			throw new IllegalArgumentException("'" + ALL + "' already means every word of a list of choices");
		}
	}

	/**
	 * Checks what the type parsed and gives the value a job binds.
	 * @param type the parameter's type
	 * @param parsed the word ({@link ParameterType#CHOICE}) or words
	 * ({@link ParameterType#CHOICES}) as written, in lower case
	 * @return the word; or the words chosen, each once, in declared order (every word for
	 * {@code all})
	 * @throws IllegalArgumentException naming each unknown word, with the nearest allowed
	 * one, and listing the allowed words
	 */
	@SuppressWarnings("unchecked")
	Object check(ParameterType type, Object parsed) {
		if (type == ParameterType.CHOICE) {
			refuseUnknown(type, List.of((String) parsed), this.words);
			return parsed;
		}
		List<String> chosen = (List<String>) parsed;
		refuseUnknown(type, chosen, Stream.concat(Stream.of(ALL), this.words.stream()).toList());
		return chosen.contains(ALL) ? this.words : this.words.stream().filter(chosen::contains).toList();
	}

	/**
	 * The rule in words, e.g. "one of: incremental, full" or "all, or some of: a, b
	 * (separated by commas)".
	 * @param type the parameter's type
	 * @return the rule
	 */
	public String describe(ParameterType type) {
		return (type == ParameterType.CHOICES)
				? ALL + ", or some of: " + String.join(", ", this.words) + " (separated by commas)"
				: "one of: " + String.join(", ", this.words);
	}

	private void refuseUnknown(ParameterType type, List<String> given, List<String> allowed) {
		List<String> unknown = given.stream().filter((word) -> !allowed.contains(word)).distinct().toList();
		if (unknown.size() == 1) {
			throw new IllegalArgumentException("unknown value '" + printable(unknown.get(0)) + "'; "
					+ Suggestions.nearest(unknown.get(0), allowed)
						.map((near) -> "did you mean '" + near + "'? ")
						.orElse("")
					+ "expected " + describe(type));
		}
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("unknown values " + unknown.stream()
				.map((word) -> "'" + printable(word) + "'" + suggestion(word, allowed))
				.collect(Collectors.joining(", ")) + "; expected " + describe(type));
		}
	}

	/**
	 * A word as it can be shown in a log line or a terminal: control characters as '?'.
	 */
	private static String printable(String word) {
		return word.replaceAll("\\p{Cntrl}", "?");
	}

	private static String suggestion(String word, List<String> allowed) {
		return Suggestions.nearest(word, allowed).map((near) -> " (did you mean '" + near + "'?)").orElse("");
	}

}
