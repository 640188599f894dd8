package com.lumiku.worker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A set of named tokens, configured as {@code name:role:token,...} (role {@code operator}
 * or {@code read-only}; the API's {@code LUMIKU_API_TOKENS} and the console's
 * {@code LUMIKU_CONSOLE_TOKENS}), plus the single {@code LUMIKU_API_TOKEN} as the
 * operator {@code api}. Only SHA-256 digests are kept. A presented token is digested and
 * compared with every configured digest by {@link MessageDigest#isEqual}, without
 * stopping at a match, so neither the answer's time nor its path says which token nearly
 * matched or where in the list it is. A configuration error names the entry by its
 * setting, position and name, never by its token.
 */
public final class NamedTokens {

	/** The shortest named token accepted ({@code openssl rand -hex 24} gives 48). */
	public static final int MIN_LENGTH = 16;

	private record Entry(TokenHolder holder, byte[] digest) {
	}

	private final List<Entry> entries;

	private NamedTokens(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	/**
	 * Parses a token list.
	 * @param setting the property's name, for error messages (e.g. lumiku.api.tokens)
	 * @param configured {@code name:role:token,...}, may be blank
	 * @param apiToken the single operator token, logging in as {@code api}; may be blank
	 * @return the tokens
	 * @throws IllegalArgumentException naming the bad entry by position and name
	 */
	public static NamedTokens parse(String setting, String configured, String apiToken) {
		List<Entry> entries = new ArrayList<>();
		Set<String> names = new HashSet<>();
		String[] items = configured.isBlank() ? new String[0] : configured.split(",");
		for (int i = 0; i < items.length; i++) {
			String[] parts = items[i].trim().split(":", 3);
			String where = setting + " entry " + (i + 1);
			if (parts.length != 3 || parts[0].isBlank()) {
				throw new IllegalArgumentException(where + ": expected name:role:token (role operator or read-only)");
			}
			String name = parts[0].trim();
			where += " ('" + name + "')";
			TokenRole role = TokenRole.parse(parts[1], where);
			String token = parts[2].trim();
			if (token.length() < MIN_LENGTH) {
				throw new IllegalArgumentException(where + ": the token must be at least " + MIN_LENGTH
						+ " characters (e.g. openssl rand -hex 24)");
			}
			if (!names.add(name)) {
				throw new IllegalArgumentException(where + ": the name is used twice");
			}
			entries.add(new Entry(new TokenHolder(name, role), sha256(token)));
		}
		if (!apiToken.isBlank() && names.add("api")) {
			entries.add(new Entry(new TokenHolder("api", TokenRole.OPERATOR), sha256(apiToken.trim())));
		}
		return new NamedTokens(entries);
	}

	/**
	 * Who a presented token belongs to; every configured token is compared.
	 * @param presented the token as sent
	 * @return its holder, or empty for an unknown token
	 */
	public Optional<TokenHolder> find(String presented) {
		byte[] digest = sha256(presented);
		TokenHolder found = null;
		for (Entry entry : this.entries) {
			boolean equal = MessageDigest.isEqual(entry.digest(), digest);
			found = (equal && found == null) ? entry.holder() : found;
		}
		return Optional.ofNullable(found);
	}

	/** Whether any token is configured. */
	public boolean configured() {
		return !this.entries.isEmpty();
	}

	/** The configured names and roles (never the tokens), in order. */
	public List<TokenHolder> holders() {
		return this.entries.stream().map(Entry::holder).toList();
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
