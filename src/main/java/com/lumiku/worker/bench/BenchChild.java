package com.lumiku.worker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker process of {@code bench generation-queue} (this queue's
 * {@link QueueBenchChild} or a peer of bench-peers/), driven by lines: it prints
 * {@code ready}, then answers {@code seed N} with {@code seeded}, {@code report FILE}
 * with {@code reported N}, and exits on {@code stop}. Its standard error goes to a log
 * file that is named in every error.
 */
final class BenchChild implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final String name;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private BenchChild(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}, "bench-child-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	static BenchChild start(String name, List<String> command, Map<String, String> environment, Path directory)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile("lumiku-bench-" + name.replaceAll("[^A-Za-z0-9]", "-"), ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
		if (directory != null) {
			builder.directory(directory.toFile());
		}
		builder.environment().putAll(environment);
		BenchChild child = new BenchChild(name, builder.start(), log);
		child.await("ready", Duration.ofSeconds(120));
		return child;
	}

	/** Sends a command and waits for the line that answers it. */
	String command(String command, String answer, Duration timeout) throws IOException, InterruptedException {
		OutputStream in = this.process.getOutputStream();
		in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
		in.flush();
		return await(answer, timeout);
	}

	private String await(String prefix, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(50, TimeUnit.MILLISECONDS);
			if (line != null && line.startsWith(prefix)) {
				return line;
			}
			if (line == null && !this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before answering '" + prefix + "'; see " + this.log);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this.name + " did not answer '" + prefix + "' within " + timeout + "; see " + this.log);
			}
		}
	}

	@Override
	public void close() throws Exception {
		try {
			if (this.process.isAlive()) {
				this.process.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
				this.process.getOutputStream().close();
			}
		}
		catch (IOException ex) {
			// already gone
		}
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
		if (this.process.exitValue() == 0) {
			Files.deleteIfExists(this.log);
		}
	}

}
