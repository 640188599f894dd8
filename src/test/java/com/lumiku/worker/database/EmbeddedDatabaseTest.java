package com.lumiku.worker.database;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The default database: a real PostgreSQL whose data survives restarts. */
class EmbeddedDatabaseTest {

	@TempDir
	Path dataDirectory;

	@Test
	void data_written_before_a_restart_is_there_after_it() {
		int port = freePort();
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(this.dataDirectory, port)) {
			assertThat(database.ownsServer()).isTrue();
			jdbc(database).execute("CREATE TABLE survivor (note text); INSERT INTO survivor VALUES ('still here')");
		}
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(this.dataDirectory, port)) {
			assertThat(jdbc(database).queryForObject("SELECT note FROM survivor", String.class))
				.isEqualTo("still here");
		}
	}

	@Test
	void a_second_process_on_the_same_data_directory_attaches_to_the_running_server() {
		try (EmbeddedDatabase owner = EmbeddedDatabase.startOrAttach(this.dataDirectory, freePort());
				EmbeddedDatabase visitor = EmbeddedDatabase.startOrAttach(this.dataDirectory, freePort())) {
			assertThat(visitor.ownsServer()).isFalse();
			assertThat(visitor.port()).isEqualTo(owner.port());
			assertThat(jdbc(visitor).queryForObject("SELECT current_database()", String.class)).isEqualTo("lumiku");
		}
	}

	@Test
	void the_embedded_server_syncs_every_commit_to_disk_by_default() {
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(this.dataDirectory, freePort())) {
			assertThat(settings(database)).containsEntry("fsync", "on")
				.containsEntry("synchronous_commit", "on")
				.containsEntry("full_page_writes", "on");
		}
		assertThat(DatabaseSettings.from((name) -> null).embeddedDurable()).isTrue();
	}

	@Test
	void tests_may_trade_durability_for_speed() {
		DatabaseSettings settings = DatabaseSettings
			.from((name) -> name.equals("LUMIKU_EMBEDDED_DURABLE") ? "false" : null);
		assertThat(settings.embeddedDurable()).isFalse();
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(this.dataDirectory, freePort(), false)) {
			assertThat(settings(database)).containsEntry("fsync", "off").containsEntry("synchronous_commit", "off");
		}
	}

	@Test
	void the_server_exit_completes_when_the_postmaster_is_killed() throws Exception {
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(this.dataDirectory, freePort(), false)) {
			java.util.concurrent.CompletableFuture<String> exit = database.serverExit();
			assertThat(exit).isNotDone();
			long pid = EmbeddedDatabase.postmasterPid(this.dataDirectory.toAbsolutePath()).orElseThrow();
			ProcessHandle.of(pid).orElseThrow().destroyForcibly();
			assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS)).contains("postmaster pid " + pid,
					"has stopped");
		}
	}

	@Test
	void settings_reject_a_url_that_is_not_postgresql_and_a_bad_port() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(
					() -> DatabaseSettings.from((name) -> name.equals("LUMIKU_DB_URL") ? "postgres://x" : null))
			.hasMessageContaining("LUMIKU_DB_URL must be a PostgreSQL JDBC URL");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(
					() -> DatabaseSettings.from((name) -> name.equals("LUMIKU_EMBEDDED_DB_PORT") ? "99999" : null))
			.hasMessageContaining("LUMIKU_EMBEDDED_DB_PORT must be a port number from 1 to 65535, got '99999'");
	}

	private static java.util.Map<String, String> settings(EmbeddedDatabase database) {
		java.util.Map<String, String> settings = new java.util.HashMap<>();
		jdbc(database).query(
				"SELECT name, setting FROM pg_settings WHERE name IN "
						+ "('fsync', 'synchronous_commit', 'full_page_writes')",
				(org.springframework.jdbc.core.RowCallbackHandler) (row) -> settings.put(row.getString(1),
						row.getString(2)));
		return settings;
	}

	private static JdbcTemplate jdbc(EmbeddedDatabase database) {
		return new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl()));
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
