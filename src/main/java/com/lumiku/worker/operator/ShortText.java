package com.lumiku.worker.operator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps error messages short whatever the operator sent: a quoted value ({@code 'xxx'})
 * longer than {@value #MAX_VALUE} characters is cut to a prefix, and a whole message to
 * {@value #MAX_MESSAGE} characters. Every API error and every CLI failure line goes
 * through it, so a 20 MB parameter is never echoed back.
 */
public final class ShortText {

	/** Longest quoted value echoed whole. */
	public static final int MAX_VALUE = 64;

	/** Longest message. */
	public static final int MAX_MESSAGE = 500;

	private static final int PREFIX = 40;

	/**
	 * A quoted value: the opening quote does not follow a letter or digit and the closing
	 * one is not followed by one, so the apostrophes of prose ({@code schedule's}) never
	 * pair up into a "value".
	 */
	private static final Pattern LONG_QUOTED = Pattern
		.compile("(?<![\\p{L}\\p{N}])'([^'\\n]{" + (MAX_VALUE + 1) + ",}+)'(?![\\p{L}\\p{N}])");

	private ShortText() {
	}

	/**
	 * A value as an error message may quote it: whole if short, else its first characters
	 * and its length.
	 * @param value what the operator sent
	 * @return at most about {@value #PREFIX} characters plus the length note
	 */
	public static String value(String value) {
		if (value == null || value.length() <= MAX_VALUE) {
			return value;
		}
		return value.substring(0, PREFIX) + "… (" + value.length() + " characters)";
	}

	/**
	 * A message with its long quoted values shortened and its length bounded.
	 * @param message the message (may be null)
	 * @return the short message
	 */
	public static String message(String message) {
		if (message == null) {
			return null;
		}
		String text = message;
		if (text.length() > MAX_VALUE) {
			Matcher quoted = LONG_QUOTED.matcher(text);
			StringBuilder shortened = new StringBuilder();
			while (quoted.find()) {
				quoted.appendReplacement(shortened, Matcher.quoteReplacement("'" + value(quoted.group(1)) + "'"));
			}
			quoted.appendTail(shortened);
			text = shortened.toString();
		}
		if (text.length() > MAX_MESSAGE) {
			text = text.substring(0, MAX_MESSAGE) + "… (" + message.length() + " characters)";
		}
		return text;
	}

}
