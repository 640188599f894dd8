package com.lumiku.worker.security;

import java.util.regex.Pattern;

/**
 * Hides secrets in text that may reach a log or an error message: a JDBC or URL's
 * {@code password=} parameter and the password of {@code user:password@host}.
 */
public final class RedactSecrets {

	/** What stands in for a hidden value. */
	public static final String HIDDEN = "******";

	private static final Pattern PASSWORD_PARAMETER = Pattern
		.compile("(?i)([?&;](?:password|sslpassword|pass|pwd|token|api[-_]?key)=)[^&;#\\s]*");

	private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

	private RedactSecrets() {
	}

	/**
	 * The URL with its password parameter and user-info password hidden.
	 * @param url any text containing URLs
	 * @return the same text, secrets replaced by {@value #HIDDEN}
	 */
	public static String url(String url) {
		String hidden = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + HIDDEN);
		return USER_INFO.matcher(hidden).replaceAll("$1" + HIDDEN + "@");
	}

	/** {@value #HIDDEN} when a secret is set, {@code <unset>} when not. */
	public static String secret(String value) {
		return (value == null || value.isEmpty()) ? "<unset>" : HIDDEN;
	}

}
