package com.lumiku.worker.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.lumiku.worker.testsupport.LeakedSecrets;
import com.lumiku.worker.testsupport.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The secrets scan itself: it finds a planted leak, by file and line, and only that. */
class LeakedSecretsTest {

	@Test
	void a_planted_secret_is_found_with_its_file_and_line_and_the_report_does_not_repeat_it(@TempDir Path target)
			throws Exception {
		Path reports = Files.createDirectories(target.resolve("surefire-reports"));
		Files.writeString(reports.resolve("SomeTest-output.txt"), "starting\nAuthorization: Bearer t0ps3cret-value\n");
		Files.writeString(reports.resolve("SomeTest.xml"), "<property name=\"x\" value=\"t0ps3cret-value\"/>\n");
		Path workers = Files.createDirectories(target.resolve("worker-processes"));
		Files.writeString(workers.resolve("w1.log"), "clean\nclean\npassword=t0ps3cret-value\n");
		Files.createDirectories(target.resolve("classes"));
		Files.writeString(target.resolve("classes/app.log"), "t0ps3cret-value\n");

		LeakedSecrets.Scan scan = LeakedSecrets.scan(SecretsNeverLoggedTest.logs(target), List.of("t0ps3cret-value"));

		assertThat(scan.files()).isEqualTo(3);
		assertThat(scan.leaks()).extracting(Object::toString)
			.containsExactly(reports.resolve("SomeTest-output.txt") + ":2: secret t0… (15 characters)",
					workers.resolve("w1.log") + ":3: secret t0… (15 characters)");
	}

	@Test
	void the_secrets_are_found_in_the_sources_and_everyday_wrong_tokens_are_not_secrets() throws Exception {
		assertThat(TestSecrets.all())
			.contains("s3cret", "t0ken", "change-me-runtime", "demo-key", "operator-token-12345678",
					"viewer-token-12345678", "api-token-for-tests")
			.doesNotContain("wrong", "guess");
	}

}
