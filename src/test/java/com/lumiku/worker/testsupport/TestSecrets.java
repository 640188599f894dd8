package com.lumiku.worker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every secret value the tests use, so {@code SecretsNeverLoggedTest} can look for each
 * in every log the suite wrote. Two sources: the literals in the test sources,
 * {@code config/database-roles.sql} and {@code application.yml} (API and console tokens,
 * database passwords, gateway keys: found by the patterns below, so a new test needs
 * nothing to be covered), and values made at run time, which a test registers with
 * {@link #register} (appended to {@value #REGISTRY}, which the scan itself skips).
 */
public final class TestSecrets {

	/** Where registered secrets go, one a line; never scanned as a log. */
	public static final String REGISTRY = "target/test-secrets/registered.txt";

	private static final List<Pattern> LITERALS = List.of(Pattern.compile("lumiku\\.api\\.token=([^\"\\s,]+)"),
			Pattern.compile("\\b[a-z][a-z0-9-]*:(?:operator|read-only):([^\",\\s]+)"),
			Pattern.compile("\"LUMIKU_[A-Z_]*(?:TOKEN|PASSWORD|API_KEY)\"\\s*,\\s*\"([^\"]+)\""),
			Pattern.compile("(?:TOKEN|SECRET|PASSWORD|API_KEY|OPS|VIEWER|API)\\s*=\\s*\"([^\":]+)\""),
			Pattern.compile("PASSWORD\\s+'([^']+)'"), Pattern.compile("API_KEY:([^}]+)\\}"));

	private TestSecrets() {
	}

	/**
	 * Registers a secret made at run time (a generated token, a key, a password).
	 * @param secret the value
	 * @return the same value
	 */
	public static String register(String secret) {
		try {
			Path registry = Path.of(REGISTRY);
			Files.createDirectories(registry.getParent());
			Files.writeString(registry, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every secret: the literals found in the sources and the registered ones. */
	public static Set<String> all() throws IOException {
		Set<String> secrets = new LinkedHashSet<>();
		try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				secrets.addAll(literals(Files.readString(source)));
			}
		}
		secrets.addAll(literals(Files.readString(Path.of("config/database-roles.sql"))));
		secrets.addAll(literals(Files.readString(Path.of("src/main/resources/application.yml"))));
		Path registry = Path.of(REGISTRY);
		if (Files.exists(registry)) {
			Files.readAllLines(registry)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty())
				.forEach(secrets::add);
		}
		secrets.removeIf((secret) -> !looksSecret(secret));
		return secrets;
	}

	static Set<String> literals(String text) {
		Set<String> found = new LinkedHashSet<>();
		for (Pattern pattern : LITERALS) {
			Matcher matcher = pattern.matcher(text);
			while (matcher.find()) {
				found.add(matcher.group(1).strip());
			}
		}
		return found;
	}

	/**
	 * Whether a value is distinctive enough to look for: deliberately wrong tokens such
	 * as {@code wrong} or {@code guess} are everyday words, not secrets.
	 */
	static boolean looksSecret(String value) {
		boolean variableName = value.matches("LUMIKU_[A-Z_]+");
		return !variableName && (value.length() >= 8 || (value.length() >= 5 && value.matches(".*[0-9].*")));
	}

}
