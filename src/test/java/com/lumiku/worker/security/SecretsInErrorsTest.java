package com.lumiku.worker.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import com.lumiku.worker.database.DatabaseSettings;
import com.lumiku.worker.operator.WorkerCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database password given in LUMIKU_DB_URL or LUMIKU_DB_PASSWORD does not come back in
 * an error message, a settings dump or the CLI's output when the database cannot be
 * reached or the URL is wrong.
 */
class SecretsInErrorsTest {

	private static final String PASSWORD = "url-password-4715";

	@AfterEach
	void clear() {
		System.clearProperty("LUMIKU_DB_URL");
		System.clearProperty("LUMIKU_DB_PASSWORD");
	}

	@Test
	void a_url_that_is_not_jdbc_is_refused_without_its_password() {
		System.setProperty("LUMIKU_DB_URL", "postgres://lumiku:" + PASSWORD + "@db:5432/lumiku");
		String output = cli("jobs", "list");
		assertThat(output).contains("LUMIKU_DB_URL must be a PostgreSQL JDBC URL", "postgres://lumiku:******@db")
			.doesNotContain(PASSWORD);
	}

	@Test
	void an_unreachable_database_is_reported_without_the_password_of_its_url_or_its_setting() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		System.setProperty("LUMIKU_DB_URL",
				"jdbc:postgresql://localhost:" + closed + "/lumiku?user=lumiku&password=" + PASSWORD);
		System.setProperty("LUMIKU_DB_PASSWORD", PASSWORD + "-too");
		String output = cli("jobs", "list");
		assertThat(output).isNotBlank().doesNotContain(PASSWORD);
	}

	@Test
	void the_database_settings_print_without_their_password() {
		DatabaseSettings settings = DatabaseSettings.from((name) -> switch (name) {
			case "LUMIKU_DB_URL" -> "jdbc:postgresql://db/lumiku?sslmode=verify-full&password=" + PASSWORD;
			case "LUMIKU_DB_PASSWORD" -> PASSWORD;
			default -> null;
		});
		assertThat(settings.toString()).contains("sslmode=verify-full", "password=******").doesNotContain(PASSWORD);
		assertThat(RedactSecrets.url("jdbc:postgresql://h/db?user=u&password=p1&ssl=true"))
			.isEqualTo("jdbc:postgresql://h/db?user=u&password=******&ssl=true");
	}

	private static String cli(String... arguments) {
		StringWriter output = new StringWriter();
		PrintWriter writer = new PrintWriter(output, true);
		int exit = WorkerCommand.execute(writer, writer, arguments);
		assertThat(exit).as(output.toString()).isNotZero();
		return output.toString();
	}

}
