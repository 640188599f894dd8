package com.lumiku.worker.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The tokens that log in to the console, each with a name and a role. Configured as
 * {@code name:role:token,...} ({@code LUMIKU_CONSOLE_TOKENS}); {@code LUMIKU_API_TOKEN}
 * logs in too, as the operator {@code api}. Only SHA-256 digests are kept, and a
 * presented token is compared with every configured one in constant time, so neither the
 * comparison nor its duration says which one nearly matched. Tokens are never logged: a
 * configuration error names the entry by its position and name.
 */
@Component
class ConsoleTokens {

	static final int MIN_LENGTH = 16;

	/** Who logged in. */
	record Operator(String name, Role role) {

		public boolean mayAct() {
			return this.role == Role.OPERATOR;
		}

	}

	/** What a token may do. */
	enum Role {

		/** Sees every page and takes every action. */
		OPERATOR,

		/** Sees every page; every action is refused (403). */
		READ_ONLY

	}

	private record Entry(Operator operator, byte[] digest) {
	}

	private final List<Entry> entries;

	ConsoleTokens(ConsoleProperties properties, @Value("${lumiku.api.token:}") String apiToken) {
		this.entries = parse(properties.tokens(), apiToken);
	}

	/**
	 * The operator a token belongs to.
	 * @param presented the token typed at the login page
	 * @return who it is, or empty for an unknown token
	 */
	Optional<Operator> find(String presented) {
		byte[] digest = sha256(presented);
		Optional<Operator> found = Optional.empty();
		for (Entry entry : this.entries) {
			// every entry is compared, matched or not
			if (MessageDigest.isEqual(entry.digest(), digest) && found.isEmpty()) {
				found = Optional.of(entry.operator());
			}
		}
		return found;
	}

	/** Whether any token can log in. */
	boolean configured() {
		return !this.entries.isEmpty();
	}

	private static List<Entry> parse(String configured, String apiToken) {
		List<Entry> entries = new ArrayList<>();
		Set<String> names = new HashSet<>();
		String[] items = configured.isBlank() ? new String[0] : configured.split(",");
		for (int i = 0; i < items.length; i++) {
			String item = items[i].trim();
			String[] parts = item.split(":", 3);
			String where = "lumiku.console.tokens entry " + (i + 1);
			if (parts.length != 3 || parts[0].isBlank()) {
				throw new IllegalArgumentException(where + ": expected name:role:token (role operator or read-only)");
			}
			String name = parts[0].trim();
			where += " ('" + name + "')";
			Role role = switch (parts[1].trim()) {
				case "operator" -> Role.OPERATOR;
				case "read-only" -> Role.READ_ONLY;
				default -> throw new IllegalArgumentException(where + ": role must be operator or read-only");
			};
			if (parts[2].trim().length() < MIN_LENGTH) {
				throw new IllegalArgumentException(where + ": the token must be at least " + MIN_LENGTH
						+ " characters (e.g. openssl rand -hex 24)");
			}
			if (!names.add(name)) {
				throw new IllegalArgumentException(where + ": the name is used twice");
			}
			entries.add(new Entry(new Operator(name, role), sha256(parts[2].trim())));
		}
		if (!apiToken.isBlank() && names.add("api")) {
			entries.add(new Entry(new Operator("api", Role.OPERATOR), sha256(apiToken)));
		}
		return List.copyOf(entries);
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
