package com.lumiku.worker.chaos;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.lumiku.worker.subscription.GatewaySimulator;
import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's chaos suite: three {@code serve} processes on one PostgreSQL, every job on a
 * schedule of seconds, the generation queue and the renewals busy, while
 * {@link FaultDriver} kills, terminates, freezes and cuts them off and restarts
 * PostgreSQL for the budget ({@code -Dlumiku.chaos.budget}, ISO-8601, default PT5M). Then
 * everything is healed and drained, and every invariant is checked and printed as a table
 * ({@link GenerationChecks}, {@link MoneyChecks}, {@link ScheduleChecks},
 * {@link ArchiveChecks}; docs/chaos.md). A failure prints the seed and the event log;
 * {@code -Dlumiku.chaos.seed=N} replays the same decisions.
 *
 * <p>
 * Runs only in the Maven profile {@code chaos} ({@code ./mvnw -B -ntp verify -Pchaos}).
 */
@Tag("multi-jvm")
@Tag("chaos")
class ChaosSuiteTest {

	@Test
	void three_workers_keep_every_invariant_through_kills_pauses_cut_connections_and_a_database_restart()
			throws Exception {
		Duration budget = Duration.parse(System.getProperty("lumiku.chaos.budget", "PT5M"));
		String seedProperty = System.getProperty("lumiku.chaos.seed", "");
		long seed = seedProperty.isBlank() ? new Random().nextLong() : Long.parseLong(seedProperty.trim());
		System.out.println("chaos seed " + seed + ", budget " + budget + " (replay: -Dlumiku.chaos.seed=" + seed + ")");
		Path root = Path.of("target", "chaos", "seed-" + seed).toAbsolutePath();
		FileSystemUtils.deleteRecursively(root);
		Files.createDirectories(root);
		EventLog log = new EventLog();
		try (ChaosWorld world = ChaosWorld.create(root, log)) {
			TestDatabase database = world.database();
			JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
			MigratedDatabases.migrate(database);
			ChaosScenario.writeFiles(root);
			ChaosScenario.seed(database.dataSource(), root.resolve("archive"), budget);
			jdbc.update(ChaosHandlerConfiguration.CALLS_TABLE);
			// the test jobs' own tables (the jobs create them too), so the checks find
			// them
			jdbc.update(
					"CREATE TABLE IF NOT EXISTS test_ticks (run_key text, worker text, at timestamptz DEFAULT now())");
			jdbc.update("CREATE TABLE IF NOT EXISTS test_slow_items (run_key text, item integer, worker text, "
					+ "PRIMARY KEY (run_key, item))");
			long seededCredits = jdbc.queryForObject("SELECT count(*) FROM credits", Long.class);
			ChaosWorld.SLOTS.forEach(world::start);
			awaitApi(world, "w1", Duration.ofMinutes(3));
			Instant from = Instant.now();
			InvariantTable table;
			try (GenerationFeeder feeder = new GenerationFeeder(database.dataSource(), seed)) {
				feeder.start(200);
				new FaultDriver(world, log, seed, budget).run();
				Instant drainStart = Instant.now();
				feeder.close();
				List<String> undrained = drain(world, jdbc);
				table = new InvariantTable();
				table.add("the world drained within its time after the faults", 1, undrained);
				new GenerationChecks(jdbc, log, table).check(feeder.inserted());
				MoneyChecks money = new MoneyChecks(jdbc, log, table);
				money.refundsAndLedger();
				money.subscriptions(world.gateway().chargesByOrder(), world.gateway().baseUrl());
				new ScheduleChecks(jdbc, log, table).check(from.plusSeconds(30), drainStart);
				new ArchiveChecks(jdbc, log, table).check(root.resolve("archive"), seededCredits);
				table.note("generations inserted " + feeder.inserted() + " (" + feeder.refused()
						+ " inserts refused while PostgreSQL was down); faults injected " + log.events().size()
						+ "; executions "
						+ jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class));
			}
			String report = "chaos seed " + seed + ", budget " + budget + "\n" + table.render() + "\n" + log.render();
			Files.writeString(root.resolve("invariants.txt"), report);
			System.out.println(report);
			if (!table.holds()) {
				fail(report + "\nreplay: ./mvnw -B -ntp verify -Pchaos -Dit.test=ChaosSuiteTest -Dtest=none "
						+ "-Dsurefire.failIfNoSpecifiedTests=false -Dlumiku.chaos.seed=" + seed + "\n"
						+ world.logTails(3000));
			}
		}
		catch (Exception | AssertionError ex) {
			System.out.println("chaos seed " + seed + " failed: " + ex.getMessage() + "\n" + log.render());
			throw ex;
		}
		FileSystemUtils.deleteRecursively(root.resolve("pg"));
	}

	/**
	 * Heals every fault, starts every worker, lets the queue and the renewals drain with
	 * the gateway answering at once, then pauses every schedule (operator API) and waits
	 * until no execution runs.
	 */
	private static List<String> drain(ChaosWorld world, JdbcTemplate jdbc) throws Exception {
		world.proxy().heal();
		ChaosWorld.SLOTS.forEach((slot) -> {
			world.cont(slot);
			if (!world.isAlive(slot)) {
				world.start(slot);
			}
		});
		world.gateway().latency(Duration.ZERO).defaultBehaviour(GatewaySimulator.Behaviour.SUCCESS);
		awaitApi(world, "w1", Duration.ofMinutes(3));
		Instant settled = Instant.now().plusSeconds(30);
		List<String> undrained = new java.util.ArrayList<>();
		try {
			await().atMost(Duration.ofMinutes(4))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> Instant.now().isAfter(settled)
						&& count(jdbc,
								"SELECT count(*) FROM looping_flow_generations "
										+ "WHERE status NOT IN ('completed', 'failed')") == 0
						&& count(jdbc, """
								SELECT count(*) FROM lumiku_worker.subscription_renewal
								WHERE state IN ('opened', 'charging', 'unknown')""") == 0
						&& count(jdbc, "SELECT count(*) FROM lumiku_worker.archive WHERE state = 'dropped'") >= 3);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			undrained.add("queue, renewals or archives still busy 4 min after the faults");
		}
		List<String> jobs;
		try (Stream<Path> files = Files.list(world.root().resolve("jobs"))) {
			jobs = files.map((file) -> file.getFileName().toString().replace(".yml", "")).sorted().toList();
		}
		for (String job : jobs) {
			post(world, "w1", "/" + job + "/pause");
		}
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> count(jdbc, """
					SELECT count(*) FROM lumiku_worker.batch_job_execution
					WHERE status IN ('STARTING', 'STARTED', 'STOPPING')""") == 0);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			undrained.add("executions still running 3 min after every schedule was paused");
		}
		return undrained;
	}

	private static void awaitApi(ChaosWorld world, String slot, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(world.api(slot))
					.header("Authorization", "Bearer " + ChaosWorld.API_TOKEN)
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		});
	}

	private static void post(ChaosWorld world, String slot, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(java.net.URI.create(world.api(slot) + path))
				.header("Authorization", "Bearer " + ChaosWorld.API_TOKEN)
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
		}
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		Long value = jdbc.queryForObject(sql, Long.class);
		return (value != null) ? value : 0;
	}

}
