package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI says when the daemon it is pointed at cannot be reached. */
class ApiClientErrorsTest {

	@AfterEach
	void clearToken() {
		System.clearProperty("LUMIKU_API_TOKEN");
	}

	@Test
	void a_closed_port_is_a_refused_connection_not_null() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		System.setProperty("LUMIKU_API_TOKEN", "t0ken");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "jobs", "list",
				"--api", "http://127.0.0.1:" + port);
		assertThat(exit).isEqualTo(1);
		assertThat(err.toString().strip())
			.isEqualTo("lumiku-worker jobs list: cannot connect to http://127.0.0.1:" + port + ": connection refused");
		assertThat(out.toString()).isEmpty();
	}

}
