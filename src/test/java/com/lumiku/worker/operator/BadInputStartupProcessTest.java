package com.lumiku.worker.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up refusals of the bad-input catalogue ({@code docs/bad-input.md}), in real
 * {@code serve} processes: a broken queue file or a broken jobs/ file ends the process
 * with exit 1 and {@code file:line} on its output.
 */
@Tag("multi-jvm")
class BadInputStartupProcessTest {

	private static final Path QUEUE_CONFIG = Path.of("target", "test-classes", "bad-input", "generation-queue.yml");

	/** The catalogue's session-cleanup schedule (it never fires during a test). */
	private static final String SESSION_CLEANUP = """
			job: session-cleanup
			cron: "0 0 4 1 1 ?"
			parameters:
			  batchSize: 5000
			""";

	/**
	 * The start-up refusals in a real {@code serve} process: a broken queue file (syntax,
	 * unknown key, a word where a number belongs) and a broken jobs/ file each end the
	 * process with exit 1 and {@code file:line} on its output.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					a YAML syntax error        | queue | threads: 2      | '       threads: 2' | generation-queue.yml:11: not valid YAML: mapping values are not allowed here
					a mistyped key             | queue | concurrency: 4  | concurency: 4      | generation-queue.yml:11: unknown key 'concurency'
					a word where a number goes | queue | threads: 2      | threads: many      | generation-queue.yml:10: lumiku.generation.apps.looping-flow.threads = 'many' is not int
					an invalid jobs/ file      | jobs  | cron: "0 0 4 1 1 ?" | cron: "0 0 4 31 2 ?" | session-cleanup.yml:2: cron '0 0 4 31 2 ?' never fires
					""")
	void a_serve_process_refuses_to_start_on_a_broken_file_and_says_where(String what, String file, String line,
			String replacement, String says) throws Exception {
		Path directory = Files.createTempDirectory("bad-start");
		Path queue = directory.resolve("generation-queue.yml");
		String queueText = Files.readString(QUEUE_CONFIG);
		Path jobs = Files.createDirectories(directory.resolve("jobs"));
		String jobText = SESSION_CLEANUP;
		if (file.equals("queue")) {
			queueText = replaceLine(queueText, line, replacement);
		}
		else {
			jobText = jobText.replace(line, replacement);
		}
		Files.writeString(queue, queueText);
		Files.writeString(jobs.resolve("session-cleanup.yml"), jobText);
		TestDatabase own = MigratedDatabases.fresh("bad_start");
		Map<String, String> environment = new LinkedHashMap<>(own.workerEnvironment());
		environment.put("LUMIKU_GENERATION_CONFIG", queue.toString());
		environment.put("LUMIKU_JOBS_DIR", jobs.toString());
		try (WorkerProcess worker = WorkerProcess.start("bad-start-" + file + "-" + Math.abs(what.hashCode()),
				environment)) {
			await().atMost(Duration.ofSeconds(120)).until(() -> !worker.isAlive());
			assertThat(worker.terminate(Duration.ofSeconds(5))).as(worker.output()).isEqualTo(1);
			assertThat(worker.output()).contains(says);
		}
		finally {
			PostgresServer.get().dropDatabase(own);
		}
	}

	private static String replaceLine(String text, String line, String replacement) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("(?m)^( *)" + java.util.regex.Pattern.quote(line) + ".*$")
			.matcher(text);
		assertThat(matcher.find()).as(line).isTrue();
		String indented = replacement.startsWith(" ") ? replacement : matcher.group(1) + replacement;
		return text.substring(0, matcher.start()) + indented + text.substring(matcher.end());
	}

}
