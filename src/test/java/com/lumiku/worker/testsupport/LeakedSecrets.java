package com.lumiku.worker.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for secret values in log files, line by line, and says where each one leaked,
 * naming the secret only by a hint (its first two characters and its length).
 */
public final class LeakedSecrets {

	/** Lines that are a JVM's property dump (surefire's XML reports), not a log. */
	private static final String PROPERTY_DUMP = "<property ";

	/**
	 * One leak.
	 *
	 * @param file the log
	 * @param line its 1-based line number
	 * @param hint which secret, e.g. {@code s3… (6 characters)}
	 */
	public record Leak(Path file, int line, String hint) {

		@Override
		public String toString() {
			return this.file + ":" + this.line + ": secret " + this.hint;
		}

	}

	/** What a scan found and how much it read. */
	public record Scan(List<Leak> leaks, int files, long lines) {
	}

	private LeakedSecrets() {
	}

	/**
	 * Scans every regular file under the roots (missing roots are skipped) except the
	 * registry of secrets itself.
	 * @param roots directories or files
	 * @param secrets the values to look for
	 * @return the leaks, and what was read
	 */
	public static Scan scan(Collection<Path> roots, Collection<String> secrets) {
		List<Leak> leaks = new ArrayList<>();
		int files = 0;
		long lines = 0;
		Path registry = Path.of(TestSecrets.REGISTRY).toAbsolutePath();
		for (Path root : roots) {
			if (!Files.exists(root)) {
				continue;
			}
			for (Path file : files(root)) {
				if (file.toAbsolutePath().equals(registry)) {
					continue;
				}
				files++;
				lines += scanFile(file, secrets, leaks);
			}
		}
		return new Scan(leaks, files, lines);
	}

	static String hint(String secret) {
		return secret.substring(0, 2) + "… (" + secret.length() + " characters)";
	}

	private static List<Path> files(Path root) {
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter(Files::isRegularFile).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads bytes as ISO-8859-1 (any file decodes; ASCII secrets match as they are). */
	private static long scanFile(Path file, Collection<String> secrets, List<Leak> leaks) {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			long number = 0;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				number++;
				if (line.stripLeading().startsWith(PROPERTY_DUMP)) {
					continue;
				}
				for (String secret : secrets) {
					if (line.contains(secret)) {
						leaks.add(new Leak(file, (int) number, hint(secret)));
					}
				}
			}
			return number;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(file + ": " + ex.getMessage(), ex);
		}
	}

}
