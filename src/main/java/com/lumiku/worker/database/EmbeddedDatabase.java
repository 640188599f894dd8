package com.lumiku.worker.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's default database: a real PostgreSQL server run from the binaries on the
 * class path, with its data in a directory that survives restarts.
 *
 * <p>
 * The first process to start owns the server. Another process pointed at the same data
 * directory (an operator running {@code jobs list} next to {@code serve}, say) finds the
 * server's lock taken and connects to the running server instead of starting a second
 * one.
 *
 * <p>
 * The server is durable by default: every commit is synced to disk ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on), as the worker moves money.
 * Tests may turn that off for speed ({@code LUMIKU_EMBEDDED_DURABLE=false}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

	/** The database the worker uses inside the embedded server. */
	public static final String DATABASE_NAME = "lumiku";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final Optional<EmbeddedPostgres> server;

	private final int port;

	private final Path dataDirectory;

	private EmbeddedDatabase(Optional<EmbeddedPostgres> server, int port, Path dataDirectory) {
		this.server = server;
		this.port = port;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts the server in the given data directory, or attaches to the one already
	 * running there.
	 * @param dataDirectory where the cluster lives (created on first use)
	 * @param port the port to listen on when this process starts the server
	 * @return the running database, with the {@value #DATABASE_NAME} database created
	 * @throws IllegalStateException when the server can neither be started nor reached
	 */
	public static EmbeddedDatabase startOrAttach(Path dataDirectory, int port) {
		return startOrAttach(dataDirectory, port, true);
	}

	/**
	 * Starts the server in the given data directory, or attaches to the one already
	 * running there.
	 * @param dataDirectory where the cluster lives (created on first use)
	 * @param port the port to listen on when this process starts the server
	 * @param durable whether a server this process starts syncs commits to disk
	 * @return the running database, with the {@value #DATABASE_NAME} database created
	 * @throws IllegalStateException when the server can neither be started nor reached
	 */
	public static EmbeddedDatabase startOrAttach(Path dataDirectory, int port, boolean durable) {
		Path absolute = dataDirectory.toAbsolutePath().normalize();
		Optional<Integer> runningPort = runningServerPort(absolute);
		EmbeddedDatabase database = runningPort.map((running) -> attach(absolute, running))
			.orElseGet(() -> start(absolute, port, durable));
		database.createDatabaseIfMissing();
		return database;
	}

	/** The JDBC URL of the worker's database on this server. */
	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/" + DATABASE_NAME + "?user=postgres";
	}

	public int port() {
		return this.port;
	}

	/** Whether this process started the server (and stops it on close). */
	public boolean ownsServer() {
		return this.server.isPresent();
	}

	/**
	 * Completes when the server's postmaster process ends, whoever started it: after
	 * {@link #close()}, or when it died (killed, crashed) under this process.
	 * @return the exit of the postmaster, with a description of the server; already
	 * complete when no running postmaster is found
	 */
	public CompletableFuture<String> serverExit() {
		String description = "the embedded PostgreSQL server (data directory " + this.dataDirectory + ", port "
				+ this.port + ")";
		Optional<ProcessHandle> postmaster = postmasterPid(this.dataDirectory).flatMap(ProcessHandle::of);
		return postmaster
			.map((process) -> process.onExit()
				.thenApply((ended) -> description + ", postmaster pid " + ended.pid() + ", has stopped"))
			.orElseGet(() -> CompletableFuture.completedFuture(description + " is not running"));
	}

	@Override
	public void close() {
		this.server.ifPresent((postgres) -> {
			try {
				postgres.close();
			}
			catch (IOException ex) {
				logger.warn("Could not stop the embedded PostgreSQL server cleanly: {}", ex.getMessage());
			}
		});
	}

	private static EmbeddedDatabase start(Path dataDirectory, int port, boolean durable) {
		try {
			Files.createDirectories(dataDirectory);
			logger.info("Starting embedded PostgreSQL on port {} with data in {}{}", port, dataDirectory,
					durable ? "" : " (NOT durable: fsync off, LUMIKU_EMBEDDED_DURABLE=false)");
			String sync = durable ? "on" : "off";
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(port)
				.setServerConfig("max_connections", "200")
				// zonky starts the server with -F (fsync off) and synchronous_commit off;
				// these -c options come after -F and win.
				.setServerConfig("fsync", sync)
				.setServerConfig("synchronous_commit", sync)
				.setServerConfig("full_page_writes", sync)
				.setPGStartupWait(Duration.ofSeconds(60))
				// The worker stops the server itself, after the application context, so
				// that running chunks can still commit during a graceful shutdown.
				.setRegisterShutdownHook(false)
				.start();
			return new EmbeddedDatabase(Optional.of(postgres), port, dataDirectory);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory + " on port "
					+ port + ": " + rootMessage(ex)
					+ " (is the port in use? set LUMIKU_EMBEDDED_DB_PORT, or LUMIKU_DB_URL for an external server)",
					ex);
		}
	}

	private static EmbeddedDatabase attach(Path dataDirectory, int port) {
		logger.debug("Embedded PostgreSQL in {} is already running on port {}; connecting to it", dataDirectory, port);
		return new EmbeddedDatabase(Optional.empty(), port, dataDirectory);
	}

	/**
	 * The port of a server already running on this data directory, read from its
	 * {@code postmaster.pid} (line 4), if that server answers.
	 */
	static Optional<Integer> runningServerPort(Path dataDirectory) {
		return postmasterPidFile(dataDirectory).filter((lines) -> lines.size() >= 4).flatMap((lines) -> {
			long pid = Long.parseLong(lines.get(0).trim());
			int port = Integer.parseInt(lines.get(3).trim());
			boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
			return alive ? Optional.of(port) : Optional.empty();
		});
	}

	/** The pid of the postmaster running on this data directory, from postmaster.pid. */
	static Optional<Long> postmasterPid(Path dataDirectory) {
		return postmasterPidFile(dataDirectory).filter((lines) -> !lines.isEmpty())
			.map((lines) -> Long.parseLong(lines.get(0).trim()));
	}

	private static Optional<List<String>> postmasterPidFile(Path dataDirectory) {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.isReadable(pidFile)) {
			return Optional.empty();
		}
		try {
			List<String> lines = Files.readAllLines(pidFile);
			if (!lines.isEmpty()) {
				Long.parseLong(lines.get(0).trim());
			}
			if (lines.size() >= 4) {
				Integer.parseInt(lines.get(3).trim());
			}
			return Optional.of(lines);
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private void createDatabaseIfMissing() {
		String adminUrl = "jdbc:postgresql://localhost:" + this.port + "/postgres";
		try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "");
				Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE_NAME + "'")) {
				if (rows.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + DATABASE_NAME);
			logger.info("Created database '{}' in the embedded PostgreSQL", DATABASE_NAME);
		}
		catch (SQLException ex) {
			if ("42P04".equals(ex.getSQLState())) {
				return; // another process created it at the same moment
			}
			throw new IllegalStateException("Could not prepare database '" + DATABASE_NAME
					+ "' in the embedded PostgreSQL on port " + this.port + ": " + ex.getMessage(), ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
