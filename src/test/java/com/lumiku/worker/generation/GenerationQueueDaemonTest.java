package com.lumiku.worker.generation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daemon's queue with the shipped configuration
 * ({@code config/generation-queue.yml}): looping flow through the command handler running
 * ffmpeg, video mixer through the HTTP handler against a JDK HTTP server, the LISTEN
 * wake-up, and the metrics, scraped. ffmpeg and ffprobe are required (CI installs the
 * Debian package).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lumiku.mode=serve", "management.server.port=0", "lumiku.generation.enabled=true",
				// the LISTEN must do the waking: polling alone would take 30 s
				"lumiku.generation.poll-interval=30s", "lumiku.generation.rescue-interval=1s",
				"lumiku.generation.apps.looping-flow.backoff=50ms", "lumiku.generation.apps.video-mixer.enabled=true",
				"lumiku.generation.apps.video-mixer.backoff=50ms",
				"lumiku.generation.apps.video-mixer.max-attempts=2" })
class GenerationQueueDaemonTest extends WorkerIntegrationTest {

	private static final Path mediaRoot = temporaryDirectory();

	private static final List<String> httpCalls = new CopyOnWriteArrayList<>();

	private static HttpServer server;

	@Autowired
	JdbcTemplate jdbc;

	@LocalManagementPort
	int managementPort;

	@BeforeAll
	static void processingEndpoint() throws IOException {
		server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		server.createContext("/process/", (exchange) -> {
			String id = exchange.getRequestURI().getPath().substring("/process/".length());
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			httpCalls.add(id + " " + body);
			boolean fail = id.startsWith("broken");
			byte[] answer = (fail ? "renderer crashed" : "{\"outputPaths\": [\"/out/" + id + "-1.mp4\"], \"x\": 1}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("LUMIKU_MEDIA_ROOT", mediaRoot::toString);
		registry.add("LUMIKU_VIDEO_MIXER_URL",
				() -> "http://localhost:" + server.getAddress().getPort() + "/process/{id}");
	}

	@Test
	void the_ffmpeg_handler_loops_a_clip_to_the_target_duration_with_the_rows_crossfade() throws Exception {
		Path clip = mediaRoot.resolve("uploads/u-ff/clip.mp4");
		Files.createDirectories(clip.getParent());
		run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=25", "-pix_fmt",
				"yuv420p", clip.toString());
		GenerationRows rows = new GenerationRows(this.jdbc).user("u-ff");
		this.jdbc
			.update("""
					INSERT INTO looping_flow_videos (id, "projectId", "fileName", "filePath", "fileSize", duration, "mimeType")
					VALUES ('clip-1', 'looping_flow_projects-u-ff', 'clip.mp4', '/uploads/u-ff/clip.mp4', 1, 2.0, 'video/mp4')
					""");
		this.jdbc
			.update("""
					INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration", "creditUsed",
					        "loopStyle", "crossfadeDuration")
					VALUES ('loop-1', 'looping_flow_projects-u-ff', 'u-ff', 'clip-1', 5, 3, 'crossfade', 0.5)
					""");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> rows.status(GenerationTable.LOOPING_FLOW, "loop-1"),
					(status) -> !status.equals("pending") && !status.equals("processing"));

		assertThat(rows.row(GenerationTable.LOOPING_FLOW, "loop-1")).containsEntry("status", "completed")
			.containsEntry("outputPath", "/outputs/u-ff/looping-flow/loop-1.mp4");
		Path output = mediaRoot.resolve("outputs/u-ff/looping-flow/loop-1.mp4");
		double duration = Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
				"default=noprint_wrappers=1:nokey=1", output.toString())
			.strip());
		assertThat(duration).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.1));
	}

	@Test
	void a_clip_that_cannot_be_rendered_fails_after_three_attempts_and_is_refunded_once() {
		GenerationRows rows = new GenerationRows(this.jdbc).user("u-missing");
		this.jdbc
			.update("""
					INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration", "creditUsed")
					VALUES ('loop-missing', 'looping_flow_projects-u-missing', 'u-missing', 'no-such-video', 5, 6)
					""");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> rows.status(GenerationTable.LOOPING_FLOW, "loop-missing"), "failed"::equals);

		assertThat(rows.row(GenerationTable.LOOPING_FLOW, "loop-missing")).containsEntry("worker_attempts", 3);
		assertThat((String) rows.row(GenerationTable.LOOPING_FLOW, "loop-missing").get("errorMessage"))
			.contains("row-query found nothing for generation loop-missing");
		assertThat(rows.balance("u-missing")).isEqualTo(106);
	}

	@Test
	void the_http_handler_posts_the_row_and_writes_back_its_outputs_or_retries_and_fails() {
		GenerationRows rows = new GenerationRows(this.jdbc).user("u-http");
		rows.videoMixer("u-http", "mix-1", 5);
		rows.videoMixer("u-http", "broken-1", 5);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> List.of(rows.status(GenerationTable.VIDEO_MIXER, "mix-1"),
					rows.status(GenerationTable.VIDEO_MIXER, "broken-1")), List.of("completed", "failed")::equals);

		assertThat(rows.row(GenerationTable.VIDEO_MIXER, "mix-1")).containsEntry("outputPaths",
				"[\"/out/mix-1-1.mp4\"]");
		assertThat(httpCalls).filteredOn((call) -> call.startsWith("mix-1 "))
			.singleElement()
			.asString()
			.contains("\"totalVideos\": 1", "\"creditUsed\": 5");
		assertThat(httpCalls).filteredOn((call) -> call.startsWith("broken-1 ")).hasSize(2);
		assertThat(rows.row(GenerationTable.VIDEO_MIXER, "broken-1").get("worker_last_error")).asString()
			.contains("answered 500: renderer crashed");
		assertThat(rows.balance("u-http")).isEqualTo(105);
	}

	@Test
	void a_new_row_is_picked_up_within_a_second_by_its_notification() {
		GenerationRows rows = new GenerationRows(this.jdbc).user("u-wake");
		// let the video mixer's threads go idle, waiting on the 30 s poll
		await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
		long start = System.nanoTime();
		rows.videoMixer("u-wake", "wake-1", 1);
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> rows.status(GenerationTable.VIDEO_MIXER, "wake-1"), "completed"::equals);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void the_queue_metrics_are_scraped_from_prometheus() throws Exception {
		GenerationRows rows = new GenerationRows(this.jdbc).user("u-metrics");
		rows.videoMixer("u-metrics", "metrics-1", 2);
		rows.videoMixer("u-metrics", "broken-metrics", 2);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rows.status(GenerationTable.VIDEO_MIXER, "broken-metrics"), "failed"::equals);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String body = scrape();
			assertThat(value(body, "lumiku_generation_outcomes_total", "app=\"video-mixer\"", "outcome=\"completed\""))
				.isGreaterThanOrEqualTo(1);
			assertThat(value(body, "lumiku_generation_outcomes_total", "app=\"video-mixer\"", "outcome=\"retried\""))
				.isGreaterThanOrEqualTo(1);
			assertThat(value(body, "lumiku_generation_outcomes_total", "app=\"video-mixer\"", "outcome=\"failed\""))
				.isGreaterThanOrEqualTo(1);
			assertThat(value(body, "lumiku_generation_refunds_total", "app=\"video-mixer\"")).isGreaterThanOrEqualTo(1);
			assertThat(value(body, "lumiku_generation_claim_to_start_seconds_count", "app=\"video-mixer\""))
				.isGreaterThanOrEqualTo(2);
			assertThat(value(body, "lumiku_generation_queue_depth", "app=\"video-mixer\"", "status=\"pending\""))
				.isZero();
			assertThat(body).contains("lumiku_generation_oldest_pending_age_seconds{app=\"avatar-creator\"");
			assertThat(value(body, "lumiku_generation_outcomes_total", "app=\"looping-flow\"", "outcome=\"rescued\""))
				.isZero();
		});
	}

	private String scrape() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** The value of the series whose labels contain all the given ones. */
	private static double value(String body, String name, String... labels) {
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(body);
		while (matcher.find()) {
			String found = matcher.group(1);
			if (List.of(labels).stream().allMatch(found::contains)) {
				return Double.parseDouble(matcher.group(2));
			}
		}
		throw new AssertionError("no series " + name + " with " + List.of(labels));
	}

	static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
		return output;
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("lumiku-media");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
