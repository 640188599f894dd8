package com.lumiku.worker.operator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-shot command's standard output is its answer alone, even when it starts the
 * embedded database itself: logs go to standard error.
 */
class ToolOutputTest {

	private static final List<String> SETTINGS = List.of("LUMIKU_DATA_DIR", "LUMIKU_EMBEDDED_DB_PORT",
			"LUMIKU_EMBEDDED_DURABLE", "LUMIKU_JOBS_DIR");

	@TempDir
	Path directory;

	@AfterEach
	void clearEnvironment() {
		SETTINGS.forEach(System::clearProperty);
	}

	@Test
	void jobs_list_on_the_embedded_database_prints_only_its_table_on_standard_output() throws Exception {
		System.setProperty("LUMIKU_DATA_DIR", this.directory.resolve("postgres").toString());
		System.setProperty("LUMIKU_EMBEDDED_DB_PORT", Integer.toString(freePort()));
		System.setProperty("LUMIKU_EMBEDDED_DURABLE", "false");
		System.setProperty("LUMIKU_JOBS_DIR", this.directory.toString());
		PrintStream original = System.out;
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		StringWriter err = new StringWriter();
		int exit;
		System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
		try {
			// as main() does: the command's writer is standard output
			exit = WorkerCommand.execute(new PrintWriter(System.out, true), new PrintWriter(err, true), "jobs", "list");
		}
		finally {
			System.setOut(original);
		}
		List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
		assertThat(exit).as(err.toString()).isZero();
		assertThat(lines).as("standard output").isNotEmpty();
		assertThat(lines.get(0)).startsWith("JOB ");
		assertThat(lines).as("standard output").allMatch((line) -> line.matches("^[a-z][a-z-]+ .*|^JOB .*"));
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
