package com.lumiku.worker.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.lumiku.worker.subscription.GatewaySimulator;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The chaos suite's world: one PostgreSQL it owns and restarts (embedded, on its own data
 * directory and port), three {@code serve} processes on it (the third through a
 * {@link TcpProxy}), a gateway simulator, a jobs directory and a queue configuration.
 * Every process it starts is ended by {@link #close()}, also from a shutdown hook.
 */
final class ChaosWorld implements AutoCloseable {

	static final List<String> SLOTS = List.of("w1", "w2", "w3");

	/** The slot whose database connections go through the proxy. */
	static final String PROXIED = "w3";

	/**
	 * The operator API's token of every worker (the drain pauses the schedules with it).
	 */
	static final String API_TOKEN = "chaos-operator-token-0123456789";

	private final Path root;

	private final EventLog log;

	private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();

	private final Map<String, Integer> incarnations = new HashMap<>();

	private final Map<String, Boolean> stopped = new HashMap<>();

	private final Map<String, Integer> httpPorts = new HashMap<>();

	private final GatewaySimulator gateway;

	private final Thread shutdownHook = new Thread(this::close, "chaos-world-cleanup");

	private EmbeddedPostgres postgres;

	private int port;

	private TcpProxy proxy;

	private boolean closed;

	private ChaosWorld(Path root, EventLog log, GatewaySimulator gateway) {
		this.root = root;
		this.log = log;
		this.gateway = gateway;
	}

	static ChaosWorld create(Path root, EventLog log) throws IOException {
		ChaosWorld world = new ChaosWorld(root, log, GatewaySimulator.start(0));
		Runtime.getRuntime().addShutdownHook(world.shutdownHook);
		Files.createDirectories(root.resolve("pg"));
		Files.createDirectories(root.resolve("archive"));
		world.postgres = world.startPostgres(0);
		world.port = world.postgres.getPort();
		world.proxy = TcpProxy.start(world.port);
		return world;
	}

	/** The database the workers and the checks use (PostgreSQL's own "postgres"). */
	TestDatabase database() {
		return new TestDatabase("jdbc:postgresql://localhost:" + this.port + "/postgres", "postgres", null, "postgres");
	}

	GatewaySimulator gateway() {
		return this.gateway;
	}

	TcpProxy proxy() {
		return this.proxy;
	}

	Path root() {
		return this.root;
	}

	/** The current incarnation's worker id of a slot ({@code w1-3}: its third start). */
	synchronized String incarnation(String slot) {
		return slot + "-" + this.incarnations.getOrDefault(slot, 0);
	}

	/** The operator API of a slot's current incarnation. */
	synchronized java.net.URI api(String slot) {
		return java.net.URI.create("http://localhost:" + this.httpPorts.get(slot) + "/api/jobs");
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether a slot's process is up and serving (its operator API answers at once). */
	boolean isServing(String slot) {
		if (!isAlive(slot) || isStopped(slot)) {
			return false;
		}
		try {
			java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(api(slot))
					.header("Authorization", "Bearer " + API_TOKEN)
					.timeout(Duration.ofSeconds(2))
					.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	synchronized boolean isAlive(String slot) {
		WorkerProcess worker = this.workers.get(slot);
		return worker != null && worker.isAlive();
	}

	synchronized boolean isStopped(String slot) {
		return this.stopped.getOrDefault(slot, false);
	}

	/** Starts (or starts again) the worker of a slot as a new incarnation. */
	synchronized void start(String slot) {
		int next = this.incarnations.merge(slot, 1, Integer::sum);
		String id = slot + "-" + next;
		Map<String, String> environment = environment(slot);
		int httpPort = freePort();
		this.httpPorts.put(slot, httpPort);
		environment.put("LUMIKU_HTTP_PORT", Integer.toString(httpPort));
		environment.put("LUMIKU_API_TOKEN", API_TOKEN);
		this.workers.put(slot, WorkerProcess.start(id, environment));
		this.stopped.put(slot, false);
	}

	synchronized void kill(String slot) {
		Instant at = Instant.now();
		String id = incarnation(slot);
		cont(slot);
		this.workers.get(slot).kill();
		this.log.add(at, id, "kill -9");
	}

	/** SIGTERM: the process shuts down gracefully (the test waits up to 60 s). */
	synchronized void terminate(String slot) {
		Instant at = Instant.now();
		String id = incarnation(slot);
		int exit = this.workers.get(slot).terminate(Duration.ofSeconds(60));
		this.log.add(at, id, "SIGTERM (exit " + exit + ")");
	}

	/** SIGSTOP: the process is frozen, its connections and leases left as they are. */
	synchronized void pause(String slot) {
		signal(slot, "STOP");
		this.stopped.put(slot, true);
	}

	synchronized void cont(String slot) {
		if (isStopped(slot)) {
			signal(slot, "CONT");
			this.stopped.put(slot, false);
		}
	}

	/** Stops PostgreSQL (fast shutdown: every connection cut) and starts it again. */
	void restartPostgres(Duration down) throws IOException, InterruptedException {
		Instant at = Instant.now();
		this.postgres.close();
		Thread.sleep(down.toMillis());
		this.postgres = startPostgres(this.port);
		this.log.add(at, EventLog.ALL, "PostgreSQL stopped for " + down.toSeconds() + " s and restarted");
	}

	/** The output of every incarnation's log, for a failure report. */
	String logTails(int characters) {
		StringBuilder out = new StringBuilder();
		try (var files = Files.list(Path.of("target", "worker-processes"))) {
			files.filter((file) -> file.getFileName().toString().matches("w[0-9]-[0-9]+\\.log"))
				.sorted()
				.forEach((file) -> {
					try {
						String text = Files.readString(file);
						out.append("\n===== ")
							.append(file.getFileName())
							.append(" =====\n")
							.append((text.length() > characters) ? text.substring(text.length() - characters) : text);
					}
					catch (IOException ex) {
						out.append("\n(").append(file).append(": ").append(ex.getMessage()).append(')');
					}
				});
		}
		catch (IOException ex) {
			out.append("(no worker logs: ").append(ex.getMessage()).append(')');
		}
		return out.toString();
	}

	private Map<String, String> environment(String slot) {
		int databasePort = slot.equals(PROXIED) ? this.proxy.port() : this.port;
		Map<String, String> environment = new HashMap<>();
		environment.put("LUMIKU_DB_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
		environment.put("LUMIKU_DB_USER", "postgres");
		environment.put("LUMIKU_JOBS_DIR", this.root.resolve("jobs").toString());
		environment.put("LUMIKU_GENERATION_CONFIG", this.root.resolve("generation-queue.yml").toString());
		environment.put("LUMIKU_GATEWAY_URL", this.gateway.baseUrl().toString());
		environment.put("LUMIKU_ARCHIVE_DIR", this.root.resolve("archive").toString());
		environment.put("LUMIKU_RETENTION_CREDITS", "1");
		environment.put("LUMIKU_CLUSTER_CHECKIN_INTERVAL_MS", "1000");
		environment.put("LUMIKU_HEARTBEAT_INTERVAL", "1s");
		environment.put("LUMIKU_WORKER_STALE_AFTER", "5s");
		environment.put("LUMIKU_MAINTENANCE_INTERVAL", "1s");
		environment.put("LUMIKU_SHUTDOWN_GRACE", "10s");
		environment.put("LUMIKU_DB_CONNECT_TIMEOUT_MS", "3000");
		environment.put("LUMIKU_DB_POOL_SIZE", "8");
		return environment;
	}

	private void signal(String slot, String signal) {
		long pid = this.workers.get(slot).pid();
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " exited " + kill.exitValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private EmbeddedPostgres startPostgres(int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		if (port != 0) {
			builder.setPort(port);
		}
		return builder.setDataDirectory(this.root.resolve("pg"))
			.setCleanDataDirectory(false)
			.setServerConfig("max_connections", "200")
			.setServerConfig("fsync", "off")
			.setServerConfig("synchronous_commit", "off")
			.setServerConfig("full_page_writes", "off")
			.start();
	}

	/**
	 * Ends every process this world started: workers (kill -9), the proxy, PostgreSQL.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.workers.forEach((slot, worker) -> {
			if (worker.isAlive()) {
				if (isStopped(slot)) {
					try {
						signal(slot, "CONT");
					}
					catch (RuntimeException ex) {
						// it is killed next anyway
					}
				}
				worker.kill();
			}
		});
		if (this.proxy != null) {
			this.proxy.close();
		}
		this.gateway.close();
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				// already stopped
			}
			this.postgres = null;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// running as the hook
		}
	}

}
