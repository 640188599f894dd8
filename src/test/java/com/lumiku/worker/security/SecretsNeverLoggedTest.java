package com.lumiku.worker.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.lumiku.worker.testsupport.LeakedSecrets;
import com.lumiku.worker.testsupport.TestSecrets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other test ({@code ./mvnw verify}: failsafe's {@code secrets-scan}
 * execution in the post-integration-test phase, tag {@code log-scan}) and greps every log
 * the suite wrote for every secret value the tests use ({@link TestSecrets}): the test
 * reports and outputs of surefire and failsafe, the logs of the daemons tests started
 * ({@code target/worker-processes}) and any other {@code *.log} or {@code *.out} under
 * {@code target}. A leak fails with the file and line, and names the secret only by a
 * hint. Alone: {@code ./mvnw -o verify} after the suite, or
 * {@code ./mvnw -o failsafe:integration-test@secrets-scan}.
 */
@Tag("log-scan")
class SecretsNeverLoggedTest {

	@Test
	void no_secret_a_test_used_appears_in_any_log_the_suite_wrote() throws IOException {
		Set<String> secrets = TestSecrets.all();
		assertThat(secrets).as("secrets found in the test sources")
			.contains("s3cret", "change-me-runtime", "change-me-migrate", "demo-key");
		LeakedSecrets.Scan scan = LeakedSecrets.scan(logs(Path.of("target")), secrets);
		System.out.printf("Scanned %d files, %d lines, for %d secrets%n", scan.files(), scan.lines(), secrets.size());
		assertThat(scan.files()).as("logs to scan: run the suite first (./mvnw verify)").isPositive();
		assertThat(scan.leaks())
			.as("secrets in logs:%n%s",
					scan.leaks().stream().map(LeakedSecrets.Leak::toString).collect(Collectors.joining("\n")))
			.isEmpty();
	}

	/** The log files under target (not classes, not the secrets registry). */
	static List<Path> logs(Path target) throws IOException {
		if (!Files.isDirectory(target)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(target)) {
			return walk.filter(Files::isRegularFile).filter((file) -> {
				String path = target.relativize(file).toString().replace('\\', '/');
				String name = file.getFileName().toString();
				boolean report = path.startsWith("surefire-reports/") || path.startsWith("failsafe-reports/");
				boolean log = name.endsWith(".log") || name.endsWith(".out") || path.startsWith("worker-processes/");
				boolean code = path.startsWith("classes/") || path.startsWith("test-classes/")
						|| path.startsWith("test-secrets/");
				return (report || log) && !code;
			}).sorted().toList();
		}
	}

}
