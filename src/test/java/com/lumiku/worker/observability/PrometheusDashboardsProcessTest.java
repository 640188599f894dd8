package com.lumiku.worker.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.lumiku.worker.partition.PartitionOperations;
import com.lumiku.worker.partition.PartitionProperties;
import com.lumiku.worker.testsupport.MigratedDatabases;
import com.lumiku.worker.testsupport.TestDatabase;
import com.lumiku.worker.testsupport.TestRows;
import com.lumiku.worker.testsupport.WorkerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards and alerts through a real Prometheus: two worker processes (separate
 * JVMs, {@code serve}) on one database run every job and drain generations, Prometheus
 * scrapes them under the documented {@code config/prometheus/prometheus.yml} and loads
 * {@code alerts.yml}; then every panel query of {@code grafana/*.json} (its variables
 * substituted as Grafana does for "All") and every alert expression evaluates without
 * error and returns data, one series per job where a panel splits by job. Along the way
 * the missed-schedule signal is watched in the running daemons: a job whose runs never
 * complete goes overdue (and its alert pending), a paused one reports paused and not
 * overdue, one that succeeds on time stays at 0. Before the workers start, the test makes
 * the data the other panels need exist: {@code model_usages} is converted to monthly
 * partitions (so months are premade), finished generations older than their retention
 * wait for {@code partition-maintenance} to archive them, and a table-size sample 31 days
 * old gives {@code db-maintenance} a growth ratio. The database is on a PostgreSQL of the
 * test's own that preloads {@code pg_stat_statements}, so the slowest statement is
 * reported too: no panel or alert is exempt from returning data.
 */
@Tag("multi-jvm")
class PrometheusDashboardsProcessTest {

	private static final Pattern METRIC = Pattern.compile("\\b(lumiku_[a-z0-9_]+|hikaricp_[a-z0-9_]+|up|ALERTS)\\b");

	private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

	private static final List<String> SHIPPED_JOBS = List.of("job-history-prune", "payment-expiry", "quota-reset",
			"session-cleanup", "subscription-expiry", "subscription-renewal");

	private static final String TOKEN = "dashboards-test-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path directory;

	private final List<WorkerProcess> workers = new ArrayList<>();

	private final List<Integer> httpPorts = new ArrayList<>();

	private PrometheusServer prometheus;

	private EmbeddedPostgres server;

	private TestDatabase database;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
		this.workers.forEach(WorkerProcess::close);
		if (this.server != null) {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	@Test
	void every_panel_and_alert_evaluates_on_two_workers_and_returns_one_series_per_job() throws Exception {
		PrometheusTools.require("prometheus");
		this.database = databaseWithPgStatStatements();
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		seedGenerations(jdbc);
		seedWhatTheOtherPanelsNeed(jdbc);
		Path jobs = jobsDirectory();
		List<String> targets = startWorkers(jobs);
		try {
			this.prometheus = PrometheusServer.start(this.directory, targets);
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofSeconds(1))
				.failFast("a worker process exited", () -> this.workers.stream().anyMatch((w) -> !w.isAlive()))
				.until(() -> this.prometheus.series("up{job=\"lumiku-worker\"} == 1").size() == 2);
			List<String> jobNames = this.prometheus.labelValues("job_name", "lumiku_job_running");
			assertThat(jobNames).as("jobs the workers report").containsAll(SHIPPED_JOBS).contains("test-slow");

			for (int i = 0; i < jobNames.size(); i++) {
				runThroughTheApi(this.httpPorts.get(i % 2), jobNames.get(i));
			}
			scheduleARunThatNeverCompletes(jobs);
			post(this.httpPorts.get(0), "/api/jobs/quota-reset/pause", "");
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> finishedGenerations(jdbc) == 40);

			watchTheMissedScheduleSignal();
			awaitScrapesOfTheLatestRuns(jobNames);
			checkWhatTheSeedsProduced();
			checkEveryPanel(jobNames);
			checkEveryAlert();
			checkTheScrapeWithPromtool(targets.get(0));
		}
		catch (AssertionError | RuntimeException ex) {
			StringBuilder logs = new StringBuilder();
			this.workers
				.forEach((w) -> logs.append("\n===== ").append(w.id()).append(" =====\n").append(tail(w.output())));
			if (this.prometheus != null) {
				logs.append("\n===== prometheus =====\n").append(this.prometheus.log());
			}
			throw new AssertionError(ex.getMessage() + "\nLogs:" + logs, ex);
		}
	}

	/**
	 * A migrated database on a PostgreSQL of this test's own that preloads
	 * pg_stat_statements (the shared test server does not: db-maintenance's tests check
	 * the report without it), with the extension created: db-maintenance's
	 * slow-statements check then reports
	 * {@code lumiku_db_slowest_statement_mean_seconds}.
	 */
	private TestDatabase databaseWithPgStatStatements() throws IOException {
		this.server = EmbeddedPostgres.builder()
			.setDataDirectory(Files.createDirectories(this.directory.resolve("postgres")))
			.setCleanDataDirectory(true)
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.setServerConfig("max_connections", "100")
			.setServerConfig("fsync", "off")
			.setServerConfig("synchronous_commit", "off")
			.start();
		new JdbcTemplate(this.server.getPostgresDatabase()).execute("CREATE DATABASE dashboards");
		TestDatabase database = new TestDatabase(this.server.getJdbcUrl("postgres", "dashboards"), "postgres", null,
				"dashboards");
		MigratedDatabases.migrate(database);
		new JdbcTemplate(database.dataSource()).execute("CREATE EXTENSION pg_stat_statements");
		return database;
	}

	/**
	 * The shipped schedules, plus test-tick every 2 s (succeeds on time). test-slow is
	 * scheduled later.
	 */
	private Path jobsDirectory() throws IOException {
		Path jobs = Files.createDirectories(this.directory.resolve("jobs"));
		try (Stream<Path> files = Files.list(Path.of("jobs"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yml")).toList()) {
				Files.copy(file, jobs.resolve(file.getFileName()));
			}
		}
		Files.writeString(jobs.resolve("test-tick.yml"), """
				job: test-tick
				cron: "*/2 * * * * ?"
				misfire: fire-once
				overlap: skip
				stopAfter: 30s
				""");
		return jobs;
	}

	private List<String> startWorkers(Path jobs) throws IOException {
		Path config = this.directory.resolve("generation-queue.yml");
		Files.writeString(config, """
				lumiku:
				  generation:
				    enabled: true
				    rescue-interval: 500ms
				    apps:
				      looping-flow:
				        threads: 2
				        concurrency: 10
				        per-user-cap: 5
				        claim-batch: 5
				        timeout: 2s
				        max-attempts: 2
				        backoff: 50ms
				        max-backoff: 100ms
				        handler:
				          kind: recording
				""");
		List<String> targets = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			int management = PrometheusServer.freePort();
			int http = PrometheusServer.freePort();
			Map<String, String> environment = new HashMap<>(this.database.workerEnvironment());
			environment.put("LUMIKU_JOBS_DIR", jobs.toString());
			environment.put("LUMIKU_GENERATION_CONFIG", config.toString());
			environment.put("LUMIKU_API_TOKEN", TOKEN);
			environment.put("LUMIKU_HTTP_PORT", Integer.toString(http));
			environment.put("LUMIKU_MANAGEMENT_PORT", Integer.toString(management));
			environment.put("LUMIKU_CLUSTER_CHECKIN_INTERVAL_MS", "1000");
			environment.put("LUMIKU_HEARTBEAT_INTERVAL", "1s");
			environment.put("LUMIKU_WORKER_STALE_AFTER", "4s");
			environment.put("LUMIKU_MAINTENANCE_INTERVAL", "1s");
			environment.put("LUMIKU_ARCHIVE_DIR", this.directory.resolve("archive").toString());
			this.workers.add(WorkerProcess.start("prom-" + i, environment));
			this.httpPorts.add(http);
			targets.add("127.0.0.1:" + management);
		}
		return targets;
	}

	/** Runs a job once through a worker's operator API and waits for it to complete. */
	private void runThroughTheApi(int port, String job) {
		String body = job.equals("test-slow") ? "{\"parameters\":{\"items\":\"1\",\"delayMillis\":\"0\"},\"wait\":true}"
				: "{\"wait\":true}";
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			HttpResponse<String> response = post(port, "/api/jobs/" + job + "/runs", body);
			// 409: a scheduled tick of the same job is running; try again
			assertThat(response.statusCode()).as("run %s: %s", job, response.body()).isEqualTo(200);
			assertThat(response.body()).as("run %s", job).contains("COMPLETED");
		});
	}

	/**
	 * test-slow every 10 s, each run asked to stop after 2 s long before its items are
	 * written: it never completes again, so it goes overdue.
	 */
	private void scheduleARunThatNeverCompletes(Path jobs) throws IOException {
		Files.writeString(jobs.resolve("test-slow.yml"), """
				job: test-slow
				cron: "*/10 * * * * ?"
				misfire: fire-once
				overlap: skip
				stopAfter: 2s
				parameters:
				  items: 100000
				  delayMillis: 50
				""");
		HttpResponse<String> reload = post(this.httpPorts.get(1), "/api/jobs/reload", "");
		assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
	}

	private void watchTheMissedScheduleSignal() {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(
					this.prometheus.series("lumiku_job_schedule_overdue_seconds{job_name=\"test-slow\"} > 0"))
				.as("test-slow overdue on both workers")
				.hasSize(2));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(this.prometheus
				.series("ALERTS{alertname=\"LumikuJobScheduleMissed\",job_name=\"test-slow\",alertstate=\"pending\"}"))
				.as("the missed-schedule alert pending for test-slow")
				.hasSize(1));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(
					this.prometheus.series("lumiku_job_schedule_paused{job_name=\"quota-reset\"} == 1"))
				.as("quota-reset paused, on both workers")
				.hasSize(2));
		assertThat(values("max by (job_name) (lumiku_job_schedule_overdue_seconds)"))
			.as("overdue seconds per job: only test-slow is late; the paused quota-reset and test-tick are not")
			.containsEntry("quota-reset", 0.0)
			.containsEntry("test-tick", 0.0)
			.containsEntry("session-cleanup", 0.0)
			.hasEntrySatisfying("test-slow", (late) -> assertThat(late).isPositive());
		Map<String, Double> dueIn = values(
				"max by (job_name) (lumiku_job_next_expected_success_timestamp_seconds) - time()");
		assertThat(dueIn.get("test-tick")).as("test-tick due within its 2 s period plus its 30 s stopAfter")
			.isBetween(-5.0, 40.0);
		assertThat(dueIn.get("job-history-prune")).as("the daily job is due within a day and its 30 min")
			.isBetween(0.0, 86_400.0 + 1_800.0);
	}

	/** Waits until Prometheus has scraped the runs' counters from both workers. */
	private void awaitScrapesOfTheLatestRuns(List<String> jobNames) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(
					() -> assertThat(values("sum by (job_name) (lumiku_job_runs_total{status=\"COMPLETED\"})").keySet())
						.containsAll(jobNames));
	}

	/**
	 * partition-maintenance archived the two old generations, the converted table has its
	 * months premade, db-maintenance computed growth against the old sample.
	 */
	private void checkWhatTheSeedsProduced() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(values("sum by (table) (lumiku_archive_rows_total)", "table"))
				.as("rows archived by partition-maintenance")
				.containsEntry("looping_flow_generations", 2.0);
			assertThat(values("time() - max by (table) (lumiku_archive_last_success_timestamp_seconds > 0)", "table"))
				.as("age of the newest archive")
				.containsOnlyKeys("looping_flow_generations");
			assertThat(values("max by (table) (lumiku_partition_future_months)"
					+ " and on (table) max by (table) (lumiku_partitions) > 0", "table"))
				.as("months premade of the converted tables")
				.containsOnlyKeys("model_usages")
				.containsEntry("model_usages", 3.0);
			assertThat(values("max by (table) (lumiku_db_table_growth_ratio)", "table"))
				.as("growth against the sample of 31 days ago")
				.containsKey("credits");
			assertThat(this.prometheus.series("max(lumiku_db_slowest_statement_mean_seconds) > 0"))
				.as("the slowest statement's mean time, from pg_stat_statements")
				.hasSize(1);
		});
	}

	private void checkEveryPanel(List<String> jobNames) throws IOException {
		Map<String, String> variables = Map.of("$job_name", alternatives(jobNames), "$app",
				alternatives(this.prometheus.labelValues("app", "lumiku_generation_queue_depth")));
		List<String> checked = new ArrayList<>();
		// the bulk metrics are the bulk jobs' (docs/bulk-jobs.md), each registered by its
		// job
		List<String> bulkJobs = this.prometheus.labelValues("job_name", "lumiku_bulk_rows_total");
		assertThat(bulkJobs).containsAll(List.of("payment-expiry", "quota-reset", "session-cleanup"));
		for (Map.Entry<String, String> panel : panelQueries().entrySet()) {
			String expr = panel.getValue();
			for (Map.Entry<String, String> variable : variables.entrySet()) {
				expr = expr.replace(variable.getKey(), variable.getValue());
			}
			assertThat(expr).as(panel.getKey()).doesNotContain("$");
			List<JsonNode> series = this.prometheus.series(expr);
			checked.add(panel.getKey());
			assertThat(series).as("data of %s: %s", panel.getKey(), expr).isNotEmpty();
			if (splitsByJob(expr)) {
				assertThat(series.stream().map((s) -> s.path("metric").path("job_name").asString()).distinct())
					.as("one series per job of %s: %s", panel.getKey(), expr)
					.containsExactlyInAnyOrderElementsOf(expr.contains("lumiku_bulk_") ? bulkJobs : jobNames);
			}
		}
		assertThat(checked).as("panel queries checked").hasSizeGreaterThan(50);
	}

	private void checkEveryAlert() throws IOException {
		for (Map.Entry<String, Map<String, Object>> alert : PromtoolTest.alerts().entrySet()) {
			String expr = (String) alert.getValue().get("expr");
			this.prometheus.query(expr);
			Matcher metric = METRIC.matcher(expr);
			while (metric.find()) {
				assertThat(this.prometheus.series(metric.group(1) + "{job=\"lumiku-worker\"}"))
					.as("%s: series of %s", alert.getKey(), metric.group(1))
					.isNotEmpty();
			}
		}
		JsonNode groups = this.prometheus.rules().path("groups");
		List<String> evaluated = new ArrayList<>();
		for (JsonNode group : groups) {
			for (JsonNode rule : group.path("rules")) {
				assertThat(rule.path("health").asString())
					.as("%s: %s", rule.path("name").asString(), rule.path("lastError").asString())
					.isEqualTo("ok");
				evaluated.add(rule.path("name").asString());
			}
		}
		assertThat(evaluated).as("rules Prometheus loaded and evaluated")
			.containsExactlyInAnyOrderElementsOf(PromtoolTest.alerts().keySet());
	}

	/**
	 * {@code promtool check metrics} on a real scrape: parses; no lint problem is ours.
	 */
	private void checkTheScrapeWithPromtool(String target) throws Exception {
		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://" + target + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		PrometheusTools.Result result = PrometheusTools.promtool(scrape.body(), "check", "metrics");
		// 0: clean, 3: lint problems only (1 would be an unparsable exposition)
		assertThat(result.exitCode()).as(result.output()).isIn(0, 3);
		assertThat(result.output().lines().filter((line) -> line.startsWith("lumiku_")))
			.as("lint problems of the worker's own metrics")
			.isEmpty();
	}

	/**
	 * Every target expression of every dashboard, keyed by dashboard, panel and refId.
	 */
	static Map<String, String> panelQueries() throws IOException {
		Map<String, String> queries = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(Path.of("grafana"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				JsonNode dashboard = JSON.readTree(Files.readString(file));
				List<JsonNode> panels = new ArrayList<>();
				dashboard.path("panels").forEach((panel) -> {
					panels.add(panel);
					panel.path("panels").forEach(panels::add);
				});
				for (JsonNode panel : panels) {
					for (JsonNode target : panel.path("targets")) {
						queries.put(file.getFileName() + " / " + panel.path("title").asString() + " / "
								+ target.path("refId").asString(), target.path("expr").asString());
					}
				}
			}
		}
		return queries;
	}

	private Map<String, Double> values(String promql) {
		return values(promql, "job_name");
	}

	private Map<String, Double> values(String promql, String label) {
		return this.prometheus.series(promql)
			.stream()
			.collect(Collectors.toMap((s) -> s.path("metric").path(label).asString(),
					(s) -> Double.parseDouble(s.path("value").get(1).asString())));
	}

	private static boolean splitsByJob(String expr) {
		Matcher grouping = GROUPING.matcher(expr);
		while (grouping.find()) {
			if (Set.of(grouping.group(1).replace(" ", "").split(",")).contains("job_name")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What Grafana substitutes for "All" of a multi-value variable in a regex matcher.
	 */
	private static String alternatives(List<String> values) {
		return "(" + values.stream()
			.map((value) -> value.replaceAll("([.+*?^$()\\[\\]{}|\\\\])", "\\\\\\\\$1"))
			.collect(Collectors.joining("|")) + ")";
	}

	private HttpResponse<String> post(int port, String path, String body) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
					.header("Authorization", "Bearer " + TOKEN)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("POST " + path + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * 4 users with 10 pending generations each; each user's last one fails (refunded).
	 */
	private static void seedGenerations(JdbcTemplate jdbc) {
		for (int i = 1; i <= 4; i++) {
			TestRows.user("u" + i).insert(jdbc);
		}
		jdbc.update("""
				INSERT INTO credits (id, "userId", amount, balance, type, "createdAt")
				SELECT 'bonus-' || i, 'u' || i, 1000, 1000, 'bonus', timezone('UTC', now()) - interval '1 day'
				FROM generate_series(1, 4) i""");
		jdbc.update("""
				INSERT INTO looping_flow_projects (id, "userId", name, "updatedAt")
				SELECT 'p' || i, 'u' || i, 'p', timezone('UTC', now()) FROM generate_series(1, 4) i""");
		jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "createdAt")
				SELECT 'g-' || i || '-' || j || CASE WHEN j = 10 THEN '-fail' ELSE '' END, 'p' || i, 'u' || i, 'v', 10,
				       2, timezone('UTC', now()) - (j || ' milliseconds')::interval
				FROM generate_series(1, 4) i, generate_series(1, 10) j""");
	}

	/**
	 * {@code model_usages} converted to monthly partitions ({@code partitions convert}):
	 * the partition gauges of a converted table. Two generations finished 8 months ago,
	 * past the 6 months of retention: partition-maintenance archives them (the archive
	 * counters and the last archive's time). A size sample of every table 31 days old:
	 * db-maintenance reports growth.
	 */
	private void seedWhatTheOtherPanelsNeed(JdbcTemplate jdbc) {
		new PartitionOperations(this.database.dataSource(),
				new PartitionProperties(3, this.directory.resolve("archive"), null, Duration.ofSeconds(2), 5, 100),
				Clock.systemUTC())
			.convert("model_usages", false);
		jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", status, "createdAt")
				SELECT 'old-' || j, 'p1', 'u1', 'v', 10, 2, 'completed',
				       timezone('UTC', now()) - interval '8 months' - (j || ' minutes')::interval
				FROM generate_series(1, 2) j""");
		jdbc.update("""
				INSERT INTO lumiku_worker.db_size_sample (sampled_at, table_name, table_bytes, index_bytes, total_bytes)
				SELECT now() - interval '31 days', table_name, 8192, 8192, 16384 FROM public.v_table_sizes""");
	}

	private static long finishedGenerations(JdbcTemplate jdbc) {
		return jdbc.queryForObject(
				"SELECT count(*) FROM looping_flow_generations WHERE status IN ('completed', 'failed') AND id LIKE 'g-%'",
				Long.class);
	}

	private static String tail(String text) {
		return (text.length() > 5000) ? text.substring(text.length() - 5000) : text;
	}

}
