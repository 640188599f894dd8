package com.lumiku.worker.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw test} is the fast tier: a test class that starts other JVMs (a
 * {@link WorkerProcess}, the CLI in its own process) carries {@code @Tag("multi-jvm")}
 * and runs under failsafe in {@code ./mvnw verify}.
 */
class TestTiersTest {

	private static final Path TESTS = Path.of("src", "test", "java");

	@Test
	void every_test_class_that_starts_a_jvm_is_tagged_multi_jvm() throws IOException {
		List<Path> startingJvms = sources().filter(TestTiersTest::startsAJvm).toList();
		assertThat(startingJvms).as("test classes that start other JVMs").isNotEmpty();
		assertThat(startingJvms).filteredOn((source) -> !read(source).contains("@Tag(\"multi-jvm\")"))
			.as("test classes that start other JVMs without @Tag(\"multi-jvm\")")
			.isEmpty();
	}

	private static boolean startsAJvm(Path source) {
		String text = read(source);
		return !source.startsWith(TESTS.resolve("com/lumiku/worker/testsupport"))
				&& (text.contains("WorkerProcess.start(") || text.contains("\"java.home\""));
	}

	private static Stream<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(TESTS)) {
			return files.filter((path) -> path.toString().endsWith("Test.java")).toList().stream();
		}
	}

	private static String read(Path source) {
		try {
			return Files.readString(source);
		}
		catch (IOException ex) {
			throw new IllegalStateException(source.toString(), ex);
		}
	}

}
