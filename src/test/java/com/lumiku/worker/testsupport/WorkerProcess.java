package com.lumiku.worker.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker daemon in its own JVM ({@code serve}), started from the test class path, for
 * the multi-process tests. Its output goes to a log file under
 * {@code target/worker-processes}.
 */
public final class WorkerProcess implements AutoCloseable {

	private final String id;

	private final Process process;

	private final Path log;

	private WorkerProcess(String id, Process process, Path log) {
		this.id = id;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code lumiku-worker serve} in a new JVM.
	 * @param id the worker id ({@code LUMIKU_WORKER_ID})
	 * @param environment extra environment (database, jobs directory, intervals)
	 * @return the running process
	 */
	public static WorkerProcess start(String id, Map<String, String> environment) {
		try {
			Path logDirectory = Path.of("target", "worker-processes");
			Files.createDirectories(logDirectory);
			Path log = logDirectory.resolve(id + ".log");
			List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
					"-XX:+UseSerialGC", "-Dlumiku.test-jobs.enabled=true", "-cp", System.getProperty("java.class.path"),
					"com.lumiku.worker.LumikuWorkerApplication", "serve"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			builder.environment().put("LUMIKU_WORKER_ID", id);
			builder.environment().putIfAbsent("LUMIKU_HTTP_PORT", "0");
			builder.environment().putIfAbsent("LUMIKU_MANAGEMENT_PORT", "0");
			return new WorkerProcess(id, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start worker process " + id, ex);
		}
	}

	public String id() {
		return this.id;
	}

	/** The operating system's process id (for signals other than kill and SIGTERM). */
	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** kill -9: no shutdown hook, no graceful anything. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * SIGTERM, then waits for the process to end by itself.
	 * @param timeout how long to wait
	 * @return the exit code
	 * @throws AssertionError if it is still running after the timeout
	 */
	public int terminate(Duration timeout) {
		this.process.destroy();
		try {
			if (!this.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				throw new AssertionError("worker " + this.id + " still running " + timeout + " after SIGTERM");
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	/** The process's output so far. */
	public String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString()
				+ (File.separatorChar == '\\' ? ".exe" : "");
	}

}
