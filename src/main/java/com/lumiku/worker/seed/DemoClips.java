package com.lumiku.worker.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.lumiku.worker.database.DatabaseSettings;
import com.lumiku.worker.generation.GenerationQueueProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads the demo's looping-flow generations read, made under the looping-flow
 * handler's {@code mediaRoot} with ffmpeg's {@code lavfi} sources: two clips that render,
 * and {@code broken.mp4}, which is deliberately not a video (its generation fails every
 * attempt and is refunded once). Idempotent: an existing file is kept.
 */
final class DemoClips {

	private static final Logger logger = LoggerFactory.getLogger(DemoClips.class);

	/**
	 * A source clip: its path under the media root and the lavfi source that makes it.
	 */
	private record Clip(String path, String source, String seconds) {
	}

	private static final List<Clip> CLIPS = List.of(
			new Clip("/uploads/demo-user-4/looping-flow/particles.mp4",
					"life=s=320x240:r=25:mold=10:ratio=0.3:life_color=#4080ff:death_color=#101020", "8.5"),
			new Clip("/uploads/demo-user-2/looping-flow/bottle-spin.mp4", "testsrc2=s=320x240:r=25", "6"));

	private static final String BROKEN = "/uploads/demo-user-2/looping-flow/broken.mp4";

	private DemoClips() {
	}

	/**
	 * The default properties of {@code serve --demo}: the media root is {@code media}
	 * beside the embedded database's data directory ({@code ./data/media}), unless
	 * {@code LUMIKU_MEDIA_ROOT} says otherwise (the environment wins over these).
	 */
	static Map<String, Object> serveProperties() {
		String data = Optional.ofNullable(System.getenv("LUMIKU_DATA_DIR"))
			.orElse(DatabaseSettings.DEFAULT_DATA_DIRECTORY);
		Path parent = Path.of(data).toAbsolutePath().getParent();
		return Map.of("LUMIKU_MEDIA_ROOT", parent.resolve("media").toString());
	}

	/** The looping-flow handler's media root, when that app is configured with one. */
	static Optional<Path> mediaRoot(GenerationQueueProperties queue) {
		return Optional.ofNullable(queue.apps().get("looping-flow"))
			.map(GenerationQueueProperties.App::handler)
			.map((handler) -> handler.variables().get("mediaRoot"))
			.filter((root) -> !root.isBlank())
			.map(Path::of);
	}

	/**
	 * Makes the missing clips under {@code mediaRoot}; warns in one line (and makes
	 * nothing) when ffmpeg is missing or the directory cannot be written.
	 */
	static void create(Path mediaRoot) {
		try {
			Path broken = under(mediaRoot, BROKEN);
			if (!Files.exists(broken)) {
				Files.createDirectories(broken.getParent());
				Files.writeString(broken, "This demo upload is deliberately not a video.\n", StandardCharsets.UTF_8);
			}
			List<String> made = new ArrayList<>();
			for (Clip clip : CLIPS) {
				Path target = under(mediaRoot, clip.path());
				if (!Files.exists(target)) {
					render(clip, target);
					made.add(clip.path());
				}
			}
			if (!made.isEmpty()) {
				logger.info("Demo source clips made under {}: {}", mediaRoot, made);
			}
		}
		catch (FfmpegMissing ex) {
			logger.warn("ffmpeg is not installed: the demo's looping-flow generations will fail and be refunded "
					+ "(install ffmpeg, e.g. apt-get install ffmpeg, and run serve --demo again)");
		}
		catch (IOException ex) {
			logger.warn("Demo source clips not made under {} ({}): the demo's looping-flow generations will fail; "
					+ "set LUMIKU_MEDIA_ROOT to a writable directory", mediaRoot, ex.getMessage());
		}
	}

	private static void render(Clip clip, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		Path partial = target.resolveSibling(target.getFileName() + ".part.mp4");
		Process process;
		try {
			process = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", clip.source(),
					"-t", clip.seconds(), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-an",
					partial.toString())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			throw new FfmpegMissing(ex);
		}
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IOException("ffmpeg failed on " + clip.path() + ": " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while making " + clip.path(), ex);
		}
		Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static Path under(Path mediaRoot, String path) {
		return Path.of(mediaRoot + path);
	}

	private static final class FfmpegMissing extends IOException {

		FfmpegMissing(IOException cause) {
			super(cause);
		}

	}

}
