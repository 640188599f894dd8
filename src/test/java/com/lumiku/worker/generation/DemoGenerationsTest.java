package com.lumiku.worker.generation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.lumiku.worker.seed.DemoSeeder;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The demo shows the queue working: {@code serve --demo} with the shipped configuration
 * makes the source clips of its looping-flow generations (ffmpeg {@code lavfi}), so the
 * pending row renders to an {@code outputPath} that plays, and the one deliberately
 * broken row (its upload is not a video) fails every attempt and is refunded once. ffmpeg
 * and ffprobe are required (CI installs the Debian package).
 */
@SpringBootTest(properties = { "lumiku.mode=serve", "lumiku.generation.enabled=true",
		"lumiku.generation.apps.looping-flow.backoff=50ms" })
@ExtendWith(OutputCaptureExtension.class)
class DemoGenerationsTest extends WorkerIntegrationTest {

	private static final Path mediaRoot = temporaryDirectory();

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DemoSeeder demo;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("LUMIKU_MEDIA_ROOT", mediaRoot::toString);
	}

	@Test
	void the_demos_pending_clip_renders_and_its_broken_one_fails_and_is_refunded_once(CapturedOutput output)
			throws Exception {
		this.demo.seed();

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status("demo-lf-gen-3").equals("completed") && status("demo-lf-gen-4").equals("failed"));

		Map<String, Object> rendered = row("demo-lf-gen-3");
		assertThat(rendered).containsEntry("outputPath", "/outputs/demo-user-2/looping-flow/demo-lf-gen-3.mp4")
			.containsEntry("worker_attempts", 1);
		assertThat(rendered.get("completedAt")).isNotNull();
		Path video = Path.of(mediaRoot + (String) rendered.get("outputPath"));
		assertThat(Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
				"default=noprint_wrappers=1:nokey=1", video.toString())))
			.as("a 15 s boomerang of the 6 s demo clip")
			.isCloseTo(15.0, within(0.2));

		Map<String, Object> broken = row("demo-lf-gen-4");
		assertThat(broken).containsEntry("worker_attempts", 3);
		assertThat((String) broken.get("errorMessage")).contains("exited with code");
		assertThat(this.jdbc.queryForList("""
				SELECT amount FROM credits WHERE type = 'refund' AND "referenceId" = 'demo-lf-gen-4'""", Integer.class))
			.as("refunded once, what it was charged")
			.containsExactly(2);
		assertThat(this.jdbc.queryForObject("""
				SELECT balance FROM credits WHERE "userId" = 'demo-user-2' ORDER BY "createdAt" DESC, id DESC LIMIT 1
				""", Integer.class)).isEqualTo(1135);
		assertThat(this.jdbc.queryForList(GenerationQueueTransitionsTest.ledgerInvariant())).isEmpty();
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(output.getOut()).containsPattern(
					"INFO .*Completed 1 generation\\(s\\) of looping-flow in \\d+ s \\(latest \\[demo-lf-gen-3\\]\\)"));
		assertThat(output.getOut())
			.containsPattern("WARN .*Generation demo-lf-gen-4 of looping-flow \\(user demo-user-2\\) "
					+ "failed for good after 3 attempt\\(s\\); refunded 2 credit\\(s\\)")
			.containsPattern(
					"INFO .*Generation demo-lf-gen-4 of looping-flow \\(user demo-user-2\\) failed attempt 1 of 3");
	}

	@Test
	void the_demo_clips_are_made_once() throws Exception {
		this.demo.seed();
		Path clip = mediaRoot.resolve("uploads/demo-user-2/looping-flow/bottle-spin.mp4");
		long modified = Files.getLastModifiedTime(clip).toMillis();

		this.demo.seed();

		assertThat(Files.getLastModifiedTime(clip).toMillis()).isEqualTo(modified);
		assertThat(Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
				"default=noprint_wrappers=1:nokey=1", clip.toString())))
			.isCloseTo(6.0, within(0.1));
		assertThat(mediaRoot.resolve("uploads/demo-user-4/looping-flow/particles.mp4")).isNotEmptyFile();
		assertThat(mediaRoot.resolve("uploads/demo-user-2/looping-flow/broken.mp4")).content()
			.contains("deliberately not a video");
	}

	private String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM looping_flow_generations WHERE id = ?", String.class, id);
	}

	private Map<String, Object> row(String id) {
		return this.jdbc.queryForMap("SELECT * FROM looping_flow_generations WHERE id = ?", id);
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
		return output;
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("lumiku-demo-media");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
