package com.lumiku.worker.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every invariant of the chaos suite, checked on the drained world (see docs/chaos.md for
 * the precise definitions).
 */
final class CheckInvariants {

	/**
	 * How long after an attempt began a fault on its holder may still explain its loss.
	 */
	static final Duration ATTEMPT_SLACK = Duration.ofSeconds(8);

	private final JdbcTemplate jdbc;

	private final EventLog log;

	private final InvariantTable table = new InvariantTable();

	CheckInvariants(JdbcTemplate jdbc, EventLog log) {
		this.jdbc = jdbc;
		this.log = log;
	}

	InvariantTable table() {
		return this.table;
	}

	void generations(int inserted) {
		long rows = count("SELECT count(*) FROM looping_flow_generations");
		this.table.add("every generation inserted is still there", inserted,
				(rows == inserted) ? List.of() : List.of(inserted + " inserted, " + rows + " in the table"));
		this.table.add("no generation lost (every row completed or failed)", rows, strings("""
				SELECT id || ' ' || status || ' attempts ' || worker_attempts FROM looping_flow_generations
				WHERE status NOT IN ('completed', 'failed') ORDER BY id"""));
		this.table.add("no attempt of a generation ran twice", count("SELECT count(*) FROM chaos_calls"), strings("""
				SELECT generation_id || ' attempt ' || attempt || ': ' || string_agg(worker, ', ')
				FROM chaos_calls GROUP BY generation_id, attempt HAVING count(*) > 1"""));
		this.table.add("a completed generation's completing attempt ran exactly once",
				count("SELECT count(*) FROM looping_flow_generations WHERE status = 'completed'"), strings("""
						SELECT g.id || ' attempt ' || g.worker_attempts || ' ran ' || count(c.*) || ' time(s)'
						FROM looping_flow_generations g
						LEFT JOIN chaos_calls c ON c.generation_id = g.id AND c.attempt = g.worker_attempts
						WHERE g.status = 'completed' GROUP BY g.id, g.worker_attempts HAVING count(c.*) <> 1"""));
		rerunsExplained();
	}

	/**
	 * An attempt that did not finish the row (a later attempt followed, or the row failed
	 * with it although its kind never fails) must be explained: by the row's kind (fail,
	 * flaky or hang first attempts) or by a fault on the process that ran it, beginning
	 * within {@link #ATTEMPT_SLACK} of the attempt's start.
	 */
	private void rerunsExplained() {
		List<Map<String, Object>> unfinished = this.jdbc.queryForList("""
				SELECT c.generation_id, c.attempt, c.worker, c.at, g.status, g.worker_attempts
				FROM chaos_calls c JOIN looping_flow_generations g ON g.id = c.generation_id
				WHERE c.attempt < g.worker_attempts OR g.status = 'failed'""");
		List<String> unexplained = new ArrayList<>();
		long byDesign = 0;
		long byFault = 0;
		for (Map<String, Object> call : unfinished) {
			String id = (String) call.get("generation_id");
			int attempt = ((Number) call.get("attempt")).intValue();
			if (id.endsWith("-fail") || (attempt == 1 && (id.endsWith("-flaky") || id.endsWith("-hang")))) {
				byDesign++;
				continue;
			}
			String worker = incarnation((String) call.get("worker"));
			Instant at = ((Timestamp) call.get("at")).toInstant();
			if (this.log.excuses(worker, at, ATTEMPT_SLACK)) {
				byFault++;
			}
			else {
				unexplained.add(id + " attempt " + attempt + " by " + worker + " at " + at + " (row "
						+ call.get("status") + " after " + call.get("worker_attempts") + ")");
			}
		}
		this.table.add("a generation re-run only after a fault on its holder", unfinished.size(), unexplained);
		this.table.note("generation attempts that did not finish their row: " + byDesign + " by design (fail, flaky, "
				+ "hang), " + byFault + " explained by a fault on their holder; attempts with no handler call "
				+ "(holder lost before it ran them): " + count("""
						SELECT coalesce(sum(g.worker_attempts - (SELECT count(DISTINCT c.attempt) FROM chaos_calls c
						    WHERE c.generation_id = g.id)), 0) FROM looping_flow_generations g"""));
	}

	void refundsAndLedger() throws IOException {
		long refunds = count("SELECT count(*) FROM credits WHERE type = 'refund'");
		this.table.add("no generation refunded twice", refunds, strings("""
				SELECT "referenceId" || ' refunded ' || count(*) || ' times' FROM credits WHERE type = 'refund'
				GROUP BY "referenceId" HAVING count(*) > 1"""));
		this.table.add("every failed generation refunded once, nothing else refunded",
				count("SELECT count(*) FROM looping_flow_generations WHERE status = 'failed'"), strings("""
						SELECT coalesce(g.id, r."referenceId") || CASE WHEN g.id IS NULL THEN ' refunded, not failed'
						       ELSE ' failed, not refunded' END
						FROM (SELECT id FROM looping_flow_generations WHERE status = 'failed') g
						FULL JOIN (SELECT DISTINCT "referenceId" FROM credits WHERE type = 'refund') r
						  ON r."referenceId" = g.id
						WHERE g.id IS NULL OR r."referenceId" IS NULL"""));
		String invariant;
		try (InputStream in = CheckInvariants.class.getResourceAsStream("/sql/ledger_invariant.sql")) {
			invariant = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		this.table.add("every credit ledger chains (sql/ledger_invariant.sql)",
				count("SELECT count(DISTINCT \"userId\") FROM credits"),
				this.jdbc.queryForList(invariant).stream().map(Object::toString).toList());
	}

	void subscriptions(Map<String, Integer> chargesByOrder, URI gateway) {
		Map<String, String> statusByOrder = new HashMap<>();
		chargesByOrder.keySet().forEach((order) -> statusByOrder.put(order, gatewayStatus(gateway, order)));
		Map<String, List<String>> chargedPerPeriod = new HashMap<>();
		statusByOrder.forEach((order, status) -> {
			if ("00".equals(status)) {
				chargedPerPeriod.computeIfAbsent(order.substring(0, order.lastIndexOf('-')), (key) -> new ArrayList<>())
					.add(order);
			}
		});
		this.table.add("no subscription period charged twice (the simulator's settled orders)", chargedPerPeriod.size(),
				chargedPerPeriod.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().size() > 1)
					.map((entry) -> entry.getKey() + " charged by " + entry.getValue())
					.toList());
		List<String> unrecorded = new ArrayList<>();
		chargedPerPeriod.values().forEach((orders) -> orders.forEach((order) -> {
			String state = this.jdbc.query("""
					SELECT p.status || '/' || r.state FROM lumiku_worker.subscription_payment p
					JOIN lumiku_worker.subscription_renewal r ON r.id = p.renewal_id WHERE p.merchant_order_id = ?""",
					(rs) -> rs.next() ? rs.getString(1) : "no payment row", order);
			if (!"success/succeeded".equals(state)) {
				unrecorded.add(order + ": " + state);
			}
		}));
		this.table.add("every charge the gateway settled is a succeeded renewal", chargedPerPeriod.size(), unrecorded);
		this.table.add("each subscription extended once per succeeded renewal",
				count("SELECT count(*) FROM chaos_subscription_seed"), strings("""
						SELECT s.id || ' ends ' || s."endDate" || ' after ' || count(r.*) || ' renewal(s) from '
						       || seed.seeded_end
						FROM subscriptions s JOIN chaos_subscription_seed seed ON seed.id = s.id
						LEFT JOIN lumiku_worker.subscription_renewal r ON r.subscription_id = s.id
						     AND r.state = 'succeeded'
						GROUP BY s.id, s."endDate", seed.seeded_end
						HAVING s."endDate" <> seed.seeded_end + count(r.*) * interval '1 month'"""));
		this.table.add("no renewal left in flight (opened, charging, unknown)",
				count("SELECT count(*) FROM lumiku_worker.subscription_renewal"), strings("""
						SELECT subscription_id || ' ' || period_start || ' ' || state
						FROM lumiku_worker.subscription_renewal WHERE state IN ('opened', 'charging', 'unknown')"""));
		this.table.note("renewals by state: " + this.jdbc.queryForList("""
				SELECT state, count(*) AS n FROM lumiku_worker.subscription_renewal GROUP BY state ORDER BY state""")
				+ "; gateway charge requests " + chargesByOrder.values().stream().mapToInt(Integer::intValue).sum()
				+ " for " + chargesByOrder.size() + " orders, settled (00) " + chargedPerPeriod.size());
	}

	void schedules(Instant from, Instant until) {
		this.table.add("no period of a schedule completed twice",
				count("SELECT count(DISTINCT job_instance_id) FROM lumiku_worker.batch_job_execution"), strings("""
						SELECT i.job_name || ' ' || p.parameter_value || ': ' || count(*) || ' completed executions'
						FROM lumiku_worker.batch_job_execution e
						JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
						JOIN lumiku_worker.batch_job_execution_params p
						  ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runKey'
						WHERE e.status = 'COMPLETED' GROUP BY i.job_name, p.parameter_value HAVING count(*) > 1"""));
		ticksOnce();
		this.table.add("test-slow: each item of a period written at most once",
				count("SELECT count(*) FROM test_slow_items"), strings("""
						SELECT run_key || ' item ' || item || ' by ' || string_agg(worker, ', ') FROM test_slow_items
						GROUP BY run_key, item HAVING count(*) > 1"""));
		this.table.add("every period started was finished (COMPLETED)", count("""
				SELECT count(DISTINCT job_instance_id) FROM lumiku_worker.batch_job_execution"""), strings("""
				SELECT i.job_name || ' ' || (SELECT p.parameter_value FROM lumiku_worker.batch_job_execution_params p
				       WHERE p.job_execution_id = max(e.job_execution_id) AND p.parameter_name = 'runKey')
				       || ': ' || string_agg(e.status || ' ' || coalesce(left(e.exit_message, 120), ''), '; '
				                             ORDER BY e.job_execution_id)
				FROM lumiku_worker.batch_job_execution e JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
				GROUP BY i.job_instance_id, i.job_name
				HAVING bool_and(e.status <> 'COMPLETED')"""));
		ticksRun(from, until);
		this.table.add("no execution left running (STARTING, STARTED, STOPPING)",
				count("SELECT count(*) FROM lumiku_worker.batch_job_execution"),
				strings("""
						SELECT e.job_execution_id || ' ' || i.job_name || ' ' || e.status
						FROM lumiku_worker.batch_job_execution e JOIN lumiku_worker.batch_job_instance i USING (job_instance_id)
						WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')"""));
	}

	/**
	 * test-tick's tasklet records its run key: a period recorded twice is allowed only
	 * when the earlier recorder was hit by a fault right after (killed between the
	 * tasklet's commit and the step's COMPLETED, so the run was resumed elsewhere and the
	 * tasklet ran again: Spring Batch re-runs a tasklet step that did not complete). Any
	 * other repeat is a violation.
	 */
	private void ticksOnce() {
		List<Map<String, Object>> records = this.jdbc.queryForList("""
				SELECT t.run_key, t.worker, t.at FROM test_ticks t
				WHERE (SELECT count(*) FROM test_ticks d WHERE d.run_key = t.run_key) > 1
				  AND t.at < (SELECT max(d.at) FROM test_ticks d WHERE d.run_key = t.run_key)""");
		List<String> unexplained = new ArrayList<>();
		for (Map<String, Object> record : records) {
			String worker = incarnation((String) record.get("worker"));
			Instant at = ((Timestamp) record.get("at")).toInstant();
			if (!this.log.excuses(worker, at, ATTEMPT_SLACK)) {
				unexplained.add(record.get("run_key") + " recorded by " + worker + " at " + at
						+ " and again, with no fault on " + worker);
			}
		}
		this.table.add("test-tick: a period's work repeated only after a fault on its holder",
				count("SELECT count(*) FROM test_ticks"), unexplained);
		this.table.note("test-tick periods whose work was repeated after a fault on the holder: "
				+ (records.size() - unexplained.size()));
	}

	/**
	 * test-tick fires every 5 s: every tick from the first 30 s of the run to the drain
	 * has a run, except ticks while PostgreSQL was down (and 15 s after: Quartz's misfire
	 * handling fires a missed tick once, late).
	 */
	private void ticksRun(Instant from, Instant until) {
		List<String> recorded = this.jdbc.queryForList("SELECT DISTINCT run_key FROM test_ticks", String.class);
		List<String> missing = new ArrayList<>();
		long expected = 0;
		Instant tick = Instant.ofEpochSecond((from.getEpochSecond() / 5 + 1) * 5);
		while (tick.isBefore(until)) {
			Instant at = tick;
			boolean databaseDown = this.log.events()
				.stream()
				.anyMatch((event) -> event.target().equals(EventLog.ALL) && !at.isBefore(event.start().minusSeconds(5))
						&& !at.isAfter(event.end().plusSeconds(15)));
			if (!databaseDown) {
				expected++;
				if (!recorded.contains(at.toString())) {
					missing.add(at.toString());
				}
			}
			tick = tick.plusSeconds(5);
		}
		this.table.add("test-tick: every tick ran (outside PostgreSQL's restart)", expected, missing);
	}

	void archives(Path archiveDirectory, long seededCredits) throws IOException {
		List<Map<String, Object>> archives = this.jdbc.queryForList("""
				SELECT id, table_name, label, state, partition_name, file_path, row_count, checksum
				FROM lumiku_worker.archive ORDER BY id""");
		this.table.add("no month archived twice", archives.size(), strings("""
				SELECT table_name || ' ' || label || ': ' || count(*) || ' archives'
				FROM lumiku_worker.archive GROUP BY table_name, label HAVING count(*) > 1"""));
		List<String> unverified = new ArrayList<>();
		for (Map<String, Object> archive : archives) {
			if (!"dropped".equals(archive.get("state"))) {
				unverified.add(archive.get("label") + " left " + archive.get("state"));
				continue;
			}
			String problem = fileProblem(archive);
			if (problem != null) {
				unverified.add(archive.get("label") + ": " + problem);
			}
			if (this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
					(String) archive.get("partition_name"))) {
				unverified.add(archive.get("label") + ": dropped, yet " + archive.get("partition_name") + " exists");
			}
		}
		this.table.add("no partition dropped unverified (file re-read: rows and SHA-256)", archives.size(), unverified);
		List<String> expected = List.of("legacy", month(-3), month(-2));
		List<String> labels = archives.stream().map((archive) -> (String) archive.get("label")).toList();
		this.table.add("every month past retention archived (legacy, " + month(-3) + ", " + month(-2) + ")",
				expected.size(), expected.stream().filter((label) -> !labels.contains(label)).toList());
		List<String> stray = new ArrayList<>();
		try (Stream<Path> files = Files.walk(archiveDirectory)) {
			files.filter(Files::isRegularFile)
				.filter((file) -> archives.stream()
					.noneMatch((archive) -> file.toAbsolutePath().toString().equals(archive.get("file_path"))))
				.forEach((file) -> stray.add(file.toString()));
		}
		this.table.add("no archive file outside the catalogue (no .part left)", archives.size(), stray);
		long archived = count("SELECT coalesce(sum(row_count), 0) FROM lumiku_worker.archive WHERE state = 'dropped'");
		long present = count("SELECT count(*) FROM credits");
		long written = seededCredits + count("SELECT count(*) FROM lumiku_worker.archive_carry_forward")
				+ count("SELECT count(*) FROM credits WHERE type = 'refund'");
		this.table.add("no credits row lost: seeded + carried forward + refunds = archived + present", written,
				(archived + present == written) ? List.of()
						: List.of("written " + written + ", archived " + archived + " + present " + present));
	}

	private static String fileProblem(Map<String, Object> archive) {
		Path file = Path.of((String) archive.get("file_path"));
		if (!Files.isRegularFile(file)) {
			return "file " + file + " missing";
		}
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			long rows = 0;
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
				for (int i = 0; i < read; i++) {
					rows += (buffer[i] == '\n') ? 1 : 0;
				}
			}
			String sha = HexFormat.of().formatHex(digest.digest());
			Object recordedRows = archive.get("row_count");
			if (recordedRows == null || ((Number) recordedRows).longValue() != rows
					|| !sha.equals(archive.get("checksum"))) {
				return "file has " + rows + " rows, sha256 " + sha + "; catalogue says " + recordedRows + ", "
						+ archive.get("checksum");
			}
			return null;
		}
		catch (IOException ex) {
			return "file unreadable: " + ex;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String month(int offset) {
		return java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(offset).toString();
	}

	/**
	 * A worker's id is its incarnation ({@code w1-3}) plus the suffix each start adds.
	 */
	private static String incarnation(String workerId) {
		String[] parts = workerId.split("-");
		return (parts.length >= 2) ? parts[0] + "-" + parts[1] : workerId;
	}

	private static String gatewayStatus(URI gateway, String order) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(gateway.resolve("/webapi/api/merchant/transactionStatus"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"merchantOrderId\":\"" + order + "\"}"))
					.header("Content-Type", "application/json")
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 404) {
				return "none";
			}
			int at = response.body().indexOf("\"statusCode\":\"");
			return (at < 0) ? response.body() : response.body().substring(at + 14, at + 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private long count(String sql) {
		Long value = this.jdbc.queryForObject(sql, Long.class);
		return (value != null) ? value : 0;
	}

	private List<String> strings(String sql) {
		return this.jdbc.queryForList(sql, String.class);
	}

}
