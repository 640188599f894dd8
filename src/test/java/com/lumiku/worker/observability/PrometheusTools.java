package com.lumiku.worker.observability;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * The {@code prometheus} and {@code promtool} binaries (Debian's {@code prometheus}
 * package, which {@code .ci/run} installs). A test that needs one fails when it is
 * missing, unless {@code -Dlumiku.prometheus.optional=true} lets it be skipped (a
 * developer machine without the package).
 */
final class PrometheusTools {

	/** What a command printed and how it exited. */
	record Result(int exitCode, String output) {
	}

	private PrometheusTools() {
	}

	/**
	 * The binary on the PATH.
	 * @param command {@code prometheus} or {@code promtool}
	 * @return its path
	 * @throws AssertionError when it is missing (the test fails)
	 * @throws TestAbortedException when it is missing and
	 * {@code lumiku.prometheus.optional} is true (the test is skipped)
	 */
	static Path require(String command) {
		Optional<Path> binary = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.stream()
			.map((entry) -> Path.of(entry, command))
			.filter(Files::isExecutable)
			.findFirst();
		if (binary.isPresent()) {
			return binary.get();
		}
		String message = command + " is not on the PATH: install Debian's prometheus package (apt-get install"
				+ " prometheus; .ci/run does), or pass -Dlumiku.prometheus.optional=true to skip this test";
		if (Boolean.getBoolean("lumiku.prometheus.optional")) {
			throw new TestAbortedException(message);
		}
		throw new AssertionError(message);
	}

	/**
	 * Runs promtool.
	 * @param stdin what to feed it, or null
	 * @param arguments its arguments
	 * @return the exit code and the output (stdout and stderr)
	 */
	static Result promtool(String stdin, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(require("promtool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (stdin != null) {
			process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
		}
		process.getOutputStream().close();
		String output;
		try (InputStream in = process.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("promtool " + arguments[0] + " did not finish in 60 s");
		}
		return new Result(process.exitValue(), output);
	}

}
