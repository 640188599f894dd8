package com.lumiku.worker.operator;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.lumiku.worker.testsupport.PostgresServer;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code serve} as a process: SIGTERM is a clean stop (exit 0), and a daemon whose
 * embedded PostgreSQL dies does not serve on without it (exit 1 with the reason).
 */
@Tag("multi-jvm")
class ServeLifecycleTest {

	@TempDir
	Path directory;

	private WorkerProcess worker;

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.kill();
		}
	}

	@Test
	void sigterm_stops_serve_gracefully_with_exit_code_0() {
		TestDatabase database = PostgresServer.get().newDatabase("serve_sigterm");
		Map<String, String> environment = new HashMap<>(database.workerEnvironment());
		environment.put("LUMIKU_JOBS_DIR", this.directory.toString());
		this.worker = WorkerProcess.start("sigterm", environment);
		awaitStarted();
		assertThat(this.worker.terminate(Duration.ofSeconds(60))).as(this.worker.output()).isZero();
		assertThat(this.worker.output()).contains("SIGTERM received: stopping gracefully");
	}

	@Test
	void serve_exits_1_with_the_reason_when_its_embedded_server_is_killed() throws Exception {
		Path data = this.directory.resolve("postgres");
		Map<String, String> environment = new HashMap<>();
		environment.put("LUMIKU_DATA_DIR", data.toString());
		environment.put("LUMIKU_EMBEDDED_DB_PORT", Integer.toString(freePort()));
		environment.put("LUMIKU_EMBEDDED_DURABLE", "false");
		environment.put("LUMIKU_JOBS_DIR", this.directory.toString());
		this.worker = WorkerProcess.start("embedded-killed", environment);
		awaitStarted();
		long postmaster = Long
			.parseLong(java.nio.file.Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
		await().atMost(Duration.ofSeconds(90)).until(() -> !this.worker.isAlive());
		// the process has ended: terminate() only reads its exit code
		assertThat(this.worker.terminate(Duration.ofSeconds(1))).as(this.worker.output()).isEqualTo(1);
		assertThat(this.worker.output()).contains("the embedded PostgreSQL server (data directory " + data,
				"postmaster pid " + postmaster + ", has stopped", "stopping (exit 1)");
	}

	private void awaitStarted() {
		await().atMost(Duration.ofSeconds(120))
			.failFast("the worker exited:\n" + this.worker.output(), () -> !this.worker.isAlive())
			.until(() -> this.worker.output().contains("Started LumikuWorkerApplication"));
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
