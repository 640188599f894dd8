package com.lumiku.worker.scheduling;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions for mistyped names and choices. */
public final class Suggestions {

	private Suggestions() {
	}

	/**
	 * The known name nearest to a mistyped one: the same letters in other case or with
	 * other separators, a prefix of it, or at most two edits away.
	 * @param typed what was written
	 * @param known the valid names
	 * @return the nearest valid name, if one is near enough
	 */
	public static Optional<String> nearest(String typed, Collection<String> known) {
		String plain = plain(typed);
		if (plain.isEmpty()) {
			return Optional.empty();
		}
		return known.stream()
			.filter((name) -> isNear(plain, plain(name)))
			.min(Comparator.comparingInt((String name) -> distance(plain, plain(name)))
				.thenComparingInt((name) -> distance(typed, name))
				.thenComparing(Comparator.naturalOrder()));
	}

	/** {@code "; did you mean 'x'?"}, or nothing. */
	public static String didYouMean(String typed, Collection<String> known) {
		return nearest(typed, known).map((name) -> "; did you mean '" + name + "'?").orElse("");
	}

	private static boolean isNear(String typed, String name) {
		return distance(typed, name) <= 2 || (typed.length() >= 3 && name.startsWith(typed));
	}

	private static String plain(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	/** Levenshtein distance. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
