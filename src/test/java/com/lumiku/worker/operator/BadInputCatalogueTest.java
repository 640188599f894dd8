package com.lumiku.worker.operator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.lumiku.worker.scheduling.ScheduleSynchronizer;
import com.lumiku.worker.testsupport.TestRows;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input catalogue (issue 14, docs/bad-input.md): one table of bad inputs, each
 * given to one real {@code serve} daemon (in this JVM: HTTP API, Quartz schedules from a
 * jobs directory, the generation queue with a command handler) through the HTTP API, the
 * {@code jobs} CLI ({@code --api}), a {@code jobs/} reload or a generation row. Each case
 * asserts the error is clear and names where; then the catalogue checks that nothing
 * changed that should not (executions, schedules, users, credits, generations: read from
 * the database) and that the daemon still serves (health, and a good request).
 * docs/bad-input.md is checked against this table ({@code -Dbadinput.write=true} rewrites
 * it).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lumiku.mode=serve", "lumiku.api.token=" + BadInputCatalogueTest.TOKEN,
				"management.server.port=0", "lumiku.api.max-request-size=64KB",
				"LUMIKU_GENERATION_CONFIG=target/test-classes/bad-input/generation-queue.yml",
				"lumiku.scheduling.maintenance-interval=1h" })
class BadInputCatalogueTest extends WorkerIntegrationTest {

	static final String TOKEN = "catalogue-token";

	private static final Path jobsDirectory = jobsDirectory();

	private static final String SQL = "'; DROP TABLE users; --";

	/** A valid payment-expiry.yml; the file cases break one line of it. */
	private static final String PAYMENT_EXPIRY = """
			job: payment-expiry
			cron: "0 0 5 1 1 ?"
			timeZone: UTC
			enabled: true
			parameters:
			  expireAfter: 24h
			  batchSize: 1000
			misfire: fire-once
			overlap: skip
			stopAfter: 10m
			""";

	/** The video mixer's HTTP endpoint: answers 100 MB of JSON for every row. */
	private static final com.sun.net.httpserver.HttpServer answers = hugeAnswers();

	@DynamicPropertySource
	static void jobs(DynamicPropertyRegistry registry) {
		registry.add("lumiku.scheduling.jobs-directory", jobsDirectory::toString);
		registry.add("BAD_INPUT_ANSWER_URL",
				() -> "http://localhost:" + answers.getAddress().getPort() + "/answer/{id}");
	}

	@org.junit.jupiter.api.AfterAll
	static void stopAnswers() {
		answers.stop(0);
	}

	private static com.sun.net.httpserver.HttpServer hugeAnswers() {
		try {
			com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
				.create(new java.net.InetSocketAddress("localhost", 0), 0);
			server.createContext("/answer/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(200, 0);
				byte[] chunk = ("{\"outputPaths\": [\"" + "x".repeat(8180) + "\"], ").getBytes(StandardCharsets.UTF_8);
				try (var body = exchange.getResponseBody()) {
					for (long sent = 0; sent < 100L * 1024 * 1024; sent += chunk.length) {
						body.write(chunk);
					}
				}
				catch (IOException ex) {
					// the worker stopped reading: expected
				}
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Scheduler scheduler;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Which parts of the database a case may change. */
	enum May {

		/** nothing */
		NOTHING,

		/** add execution rows (a run it launched) */
		ADD_RUNS,

		/** the generation rows it inserted and their credits */
		CHANGE_ITS_GENERATIONS

	}

	@FunctionalInterface
	interface Check {

		void run(BadInputCatalogueTest test) throws Exception;

	}

	/**
	 * One bad input.
	 *
	 * @param name the case, as a sentence
	 * @param area where the input enters
	 * @param input the input, for the table
	 * @param says what the worker answers
	 * @param changes what it changes
	 * @param may which part of the database it may change
	 * @param check gives the input and asserts the answer
	 */
	record Case(String name, String area, String input, String says, String changes, May may, Check check) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void bad_input(Case badInput) throws Exception {
		Snapshot before = snapshot();
		badInput.check().run(this);
		Snapshot after = snapshot();
		switch (badInput.may()) {
			case NOTHING -> assertThat(after).as("the database after: " + badInput.name()).isEqualTo(before);
			case ADD_RUNS -> {
				assertThat(after.withoutExecutions()).isEqualTo(before.withoutExecutions());
				assertThat(after.executions()).isGreaterThanOrEqualTo(before.executions());
			}
			case CHANGE_ITS_GENERATIONS -> assertThat(after.withoutQueue()).isEqualTo(before.withoutQueue());
		}
		assertStillServes();
	}

	static Stream<Case> cases() {
		return Stream
			.of(tokenCases(), requestCases(), parameterCases(), cliCases(), jobFileCases(), cronCases(), handlerCases(),
					queueConfigCases())
			.flatMap(List::stream);
	}

	// --- API tokens --------------------------------------------------------------------

	static List<Case> tokenCases() {
		String says = "401 `Missing or wrong bearer token: send 'Authorization: Bearer <LUMIKU_API_TOKEN>'`, "
				+ "`WWW-Authenticate: Bearer`";
		return List.of(
				refused("a call without a token is refused with 401", "no `Authorization` header", says,
						(t) -> t.assertUnauthorized(t.send("GET", "/api/jobs", null, null, null))),
				refused("a call with a wrong token is refused with 401", "`Authorization: Bearer guess`", says,
						(t) -> t.assertUnauthorized(t.send("GET", "/api/jobs", null, null, "Bearer guess"))),
				refused("a call with the token as basic credentials is refused with 401",
						"`Authorization: Basic <token>`", says,
						(t) -> t.assertUnauthorized(t.send("POST", "/api/jobs/session-cleanup/runs", "application/json",
								"{}", "Basic " + TOKEN))),
				refused("a call with the token's prefix is refused with 401", "`Bearer catalogue-toke`", says,
						(t) -> t.assertUnauthorized(t.send("POST", "/api/jobs/reload", null, null,
								"Bearer " + TOKEN.substring(0, TOKEN.length() - 1)))),
				refused("a 1 MB token is refused before it is compared", "`Authorization: Bearer` + 1 MB",
						"400 from the HTTP server (request header too large, over 8 KB); nothing reaches the API",
						(t) -> assertThat(
								t.send("GET", "/api/jobs", null, null, "Bearer " + "t".repeat(1 << 20)).statusCode())
							.isEqualTo(400)));
	}

	// --- request shape -----------------------------------------------------------------

	static List<Case> requestCases() {
		return List.of(refused("a body over the limit is a 413 naming the limit", "a 1 MB JSON body",
				"413 `Request body too large: the limit is 64 KiB (lumiku.api.max-request-size)`", (t) -> {
					HttpResponse<String> response = t.api("POST", "/api/jobs/session-cleanup/runs",
							"{\"parameters\": {\"batchSize\": \"" + "9".repeat(1 << 20) + "\"}}");
					assertThat(response.statusCode()).isEqualTo(413);
					assertThat(response.body()).contains("the limit is 64 KiB", "lumiku.api.max-request-size");
				}),
				refused("malformed JSON is a 400 saying where it broke", "`{\"parameters\": {`",
						"400 `Malformed JSON body at line 1, column 17 in 'parameters': Unexpected end-of-input: expected close marker for Object`",
						(t) -> {
							HttpResponse<String> response = t.api("POST", "/api/jobs/session-cleanup/runs",
									"{\"parameters\": {");
							assertThat(response.statusCode()).isEqualTo(400);
							assertThat(response.body()).contains("Malformed JSON body at line 1, column ")
								.doesNotContain("Source:", "RunBody", "REDACTED");
						}),
				refused("a JSON list instead of an object is a 400", "`[1, 2]`", "400 naming the expected object",
						(t) -> assertThat(t.api("POST", "/api/jobs/session-cleanup/runs", "[1, 2]").statusCode())
							.isEqualTo(400)),
				refused("parameters given as text instead of an object are a 400",
						"`{\"parameters\": \"batchSize=5\"}`", "400 naming `parameters`", (t) -> {
							HttpResponse<String> response = t.api("POST", "/api/jobs/session-cleanup/runs",
									"{\"parameters\": \"batchSize=5\"}");
							assertThat(response.statusCode()).isEqualTo(400);
							assertThat(response.body()).contains("parameters");
						}),
				refused("a parameter given an object is a 400 naming it",
						"`{\"parameters\": {\"batchSize\": {\"a\": 1}}}`", "400 naming `batchSize`", (t) -> {
							HttpResponse<String> response = t.api("POST", "/api/jobs/session-cleanup/runs",
									"{\"parameters\": {\"batchSize\": {\"a\": 1}}}");
							assertThat(response.statusCode()).isEqualTo(400);
							assertThat(response.body()).contains("batchSize");
						}),
				refused("wait given a word is a 400 naming it", "`{\"wait\": \"soon\"}`", "400 naming `wait`", (t) -> {
					HttpResponse<String> response = t.api("POST", "/api/jobs/session-cleanup/runs",
							"{\"wait\": \"soon\"}");
					assertThat(response.statusCode()).isEqualTo(400);
					assertThat(response.body()).contains("wait");
				}),
				refused("a body that is not JSON is a 415", "`Content-Type: text/plain`",
						"415 `Content-Type 'text/plain' is not supported: send a JSON body with 'Content-Type: application/json'`",
						(t) -> {
							HttpResponse<String> response = t.send("POST", "/api/jobs/session-cleanup/runs",
									"text/plain", "batchSize=5", "Bearer " + TOKEN);
							assertThat(response.statusCode()).isEqualTo(415);
							assertThat(response.body()).contains("Content-Type 'text/plain", "application/json");
						}),
				refused("an XML body is a 415", "`Content-Type: application/xml`", "415, as above",
						(t) -> assertThat(t
							.send("POST", "/api/jobs/session-cleanup/runs", "application/xml", "<run/>",
									"Bearer " + TOKEN)
							.statusCode()).isEqualTo(415)),
				refused("a wrong method is a 405 with the allowed ones", "`DELETE /api/jobs`",
						"405 `DELETE is not allowed on /api/jobs; allowed: GET`, `Allow: GET`", (t) -> {
							HttpResponse<String> response = t.send("DELETE", "/api/jobs", null, null,
									"Bearer " + TOKEN);
							assertThat(response.statusCode()).isEqualTo(405);
							assertThat(response.headers().firstValue("Allow")).hasValue("GET");
						}),
				refused("a reload by GET asks for a job named reload: 404 with the known jobs",
						"`GET /api/jobs/reload`",
						"404 `Unknown job 'reload'; known jobs: ...` (GET /api/jobs/{name} takes the path)", (t) -> {
							HttpResponse<String> response = t.api("GET", "/api/jobs/reload", null);
							assertThat(response.statusCode()).isEqualTo(404);
							assertThat(response.body()).contains("Unknown job 'reload'; known jobs: ");
						}),
				refused("a stop by GET is a 405 with the allowed methods", "`GET /api/jobs/runs/1/stop`",
						"405 `GET is not allowed on /api/jobs/runs/1/stop; allowed: POST`", (t) -> {
							HttpResponse<String> response = t.api("GET", "/api/jobs/runs/1/stop", null);
							assertThat(response.statusCode()).isEqualTo(405);
							assertThat(response.body()).contains("allowed: POST");
						}),
				refused("an unknown path is a 404 naming it", "`GET /api/nothing`",
						"404 `No such API path: GET /api/nothing`", (t) -> {
							HttpResponse<String> response = t.api("GET", "/api/nothing", null);
							assertThat(response.statusCode()).isEqualTo(404);
							assertThat(response.body()).contains("No such API path: GET /api/nothing");
						}),
				refused("an unknown job is a 404 listing the known jobs", "`POST /api/jobs/no-such-job/runs`",
						"404 `Unknown job 'no-such-job'` and the known jobs", (t) -> {
							HttpResponse<String> response = t.api("POST", "/api/jobs/no-such-job/runs", "{}");
							assertThat(response.statusCode()).isEqualTo(404);
							assertThat(response.body()).contains("Unknown job 'no-such-job'", "session-cleanup");
						}),
				refused("a run id that is not a number is a 400", "`GET /api/jobs/runs/abc`",
						"400 `execution id must be a number, got 'abc'`",
						(t) -> assertThat(t.api("GET", "/api/jobs/runs/abc", null).body())
							.contains("execution id must be a number, got 'abc'")),
				refused("a run id past a long is a 400", "`GET /api/jobs/runs/99999999999999999999`",
						"400 `execution id must be a number, ...`", (t) -> {
							HttpResponse<String> response = t.api("GET", "/api/jobs/runs/99999999999999999999", null);
							assertThat(response.statusCode()).isEqualTo(400);
							assertThat(response.body()).contains("execution id must be a number");
						}),
				refused("an unknown run is a 404", "`POST /api/jobs/runs/-1/restart`", "404 naming the run",
						(t) -> assertThat(t.api("POST", "/api/jobs/runs/-1/restart", null).statusCode())
							.isEqualTo(404)),
				refused("a history limit that is not a number is a 400",
						"`GET /api/jobs/session-cleanup/runs?limit=lots`", "400 `limit must be a number, got 'lots'`",
						(t) -> assertThat(t.api("GET", "/api/jobs/session-cleanup/runs?limit=lots", null).body())
							.contains("limit must be a number, got 'lots'")));
	}

	// --- parameter values through the HTTP API ---------------------------------------

	static List<Case> parameterCases() {
		return List.of(
				badParameter("a negative batch size is a 400 naming the parameter and its range", "batchSize", "-1",
						"must be from 1"),
				badParameter("a zero batch size is a 400 naming the parameter and its range", "batchSize", "0",
						"must be from 1"),
				badParameter("an empty batch size is a 400 naming the parameter", "batchSize", "", "batchSize"),
				badParameter("an SQL-looking batch size is a 400 and the users table is untouched", "batchSize", SQL,
						"expected a whole number"),
				badParameter("a batch size in full-width digits is a 400, not read as 500", "batchSize", "５００",
						"expected a whole number"),
				badParameter("a batch size in Arabic-Indic digits is a 400, not read as 500", "batchSize", "٥٠٠",
						"expected a whole number"),
				badParameter("a 60 KB batch size is a 400 echoing a short prefix only", "batchSize", "9".repeat(60_000),
						"(60000 characters)"),
				badParameter("a negative duration is a 400 naming the parameter", "keepExpiredFor", "-30d",
						"keepExpiredFor"),
				badParameter("a duration without a unit is a 400 naming the parameter", "keepExpiredFor", "30",
						"keepExpiredFor"),
				badParameter("a Unicode duration is a 400 naming the parameter", "pause", "五十ms", "pause"),
				badParameter("an unknown parameter is a 400 with a did-you-mean", "batchSise", "5",
						"did you mean 'batchSize'"),
				badParameter("a parameter name with an accent is a 400 with a did-you-mean", "bätchSize", "5",
						"did you mean 'batchSize'"),
				badParameter("a parameter of another job is a 400 naming it", "retention", "30d", "retention"),
				badParameter("a number given as true is a 400 naming the parameter", "batchSize", "true",
						"expected a whole number"),
				badParameter("a text value over 500 characters is a 400 naming the limit", "tables", "ü".repeat(501),
						"500", "db-vacuum"),
				badParameter("an SQL-looking table list is a 400 naming the parameter, and nothing is launched",
						"tables", SQL, "is not a name (lower-case letters, digits and _, at most 63)", "db-vacuum"),
				badParameter("a table list in capitals is a 400: names are lower case", "tables", "Users",
						"'Users' is not a name", "db-vacuum"),
				badParameter("an empty table list is a 400", "tables", " , ", "expected names separated by commas",
						"db-vacuum"),
				new Case("a run without parameters takes the file's and the declared defaults", "HTTP API",
						"`POST /api/jobs/job-history-prune/runs` with no body",
						"202 and the run, its parameters the file's (`retention: 30d`)", "one execution row",
						May.ADD_RUNS, (t) -> {
							HttpResponse<String> response = t.send("POST", "/api/jobs/job-history-prune/runs", null,
									null, "Bearer " + TOKEN);
							assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
							assertThat(response.body()).contains("30d");
							t.awaitNoRunning();
						}));
	}

	private static Case badParameter(String name, String parameter, String value, String says) {
		return badParameter(name, parameter, value, says, "session-cleanup");
	}

	private static Case badParameter(String name, String parameter, String value, String says, String job) {
		String shown = (value.length() > 40) ? value.substring(0, 10) + "... (" + value.length() + " characters)"
				: value;
		return refused(name, "HTTP API", job + " `" + parameter + "=" + shown + "`",
				"400 `Invalid job parameters`, the problem naming `" + parameter + "`: ..." + says + "...", (t) -> {
					HttpResponse<String> response = t.api("POST", "/api/jobs/" + job + "/runs",
							"{\"parameters\": {\"" + parameter + "\": \""
									+ value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}, \"wait\": true}");
					assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
					assertThat(response.body()).contains("Invalid job parameters", parameter, says)
						.hasSizeLessThan(1500);
				});
	}

	// --- the CLI against the daemon --------------------------------------------------

	static List<Case> cliCases() {
		return List.of(
				cli("a negative batch size exits 1 naming the parameter", "`jobs run session-cleanup batchSize=-1`", 1,
						"batchSize", "jobs", "run", "session-cleanup", "batchSize=-1"),
				cli("an SQL-looking value exits 1 and the users table is untouched",
						"`jobs run session-cleanup \"batchSize='; DROP TABLE users; --\"`", 1,
						"expected a whole number", "jobs", "run", "session-cleanup", "batchSize=" + SQL),
				cli("an unknown parameter exits 1 with a did-you-mean", "`jobs run session-cleanup batchSise=5`", 1,
						"did you mean 'batchSize'", "jobs", "run", "session-cleanup", "batchSise=5"),
				cli("a parameter without a value exits 2 with the expected form",
						"`jobs run session-cleanup batchSize`", 2, "Job parameters are KEY=VALUE, got 'batchSize'",
						"jobs", "run", "session-cleanup", "batchSize"),
				cli("a 1 MB parameter exits 1 with the request limit", "`jobs run session-cleanup batchSize=<1 MB>`", 1,
						"64 KiB", "jobs", "run", "session-cleanup", "batchSize=" + "9".repeat(1 << 20)),
				cli("an unknown job exits 1 naming it", "`jobs run no-such-job`", 1, "Unknown job 'no-such-job'",
						"jobs", "run", "no-such-job"),
				cli("a run id that is not a number exits 2", "`jobs restart abc`", 2, "abc", "jobs", "restart", "abc"),
				new Case("a wrong token exits 1 saying the token was refused", "CLI (`--api`)",
						"`LUMIKU_API_TOKEN=guess jobs list`", "exit 1, `401 Missing or wrong bearer token ...`",
						"nothing", May.NOTHING, (t) -> {
							Cli result = t.cli("guess", "jobs", "list");
							assertThat(result.exit()).as(result.err()).isEqualTo(1);
							assertThat(result.err()).contains("Missing or wrong bearer token");
						}));
	}

	private static Case cli(String name, String input, int exit, String says, String... args) {
		return refused(name, "CLI (`--api`)", input, "exit " + exit + ", `..." + says + "...`", (t) -> {
			Cli result = t.cli(TOKEN, args);
			assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(exit);
			assertThat(result.err()).contains(says).hasSizeLessThan(3000);
		});
	}

	// --- jobs/ files, through a reload -------------------------------------------------

	static List<Case> jobFileCases() {
		List<Case> cases = new ArrayList<>();
		cases.add(badFile("a file without job is refused at line 1", line(1, null), 1, "missing required key 'job'"));
		cases.add(badFile("an unknown job is refused with the nearest name", line(1, "job: payment-expiri"), 1,
				"did you mean 'payment-expiry'"));
		cases.add(badFile("a job given a list is refused on its line", line(1, "job: [payment-expiry]"), 1,
				"job must be a single value"));
		cases.add(badFile("a file without cron is refused", line(2, null), 1, "missing required key 'cron'"));
		cases.add(badFile("a cron given a mapping is refused on its line", line(2, "cron: {at: 5}"), 2,
				"cron must be a single value"));
		cases.add(badFile("an invalid cron is refused with Quartz's reason", line(2, "cron: \"0 0 25 * * ?\""), 2,
				"invalid cron"));
		cases.add(badFile("a cron without seconds is refused with an example", line(2, "cron: \"0 5 * * *\""), 2,
				"cron"));
		cases.add(badFile("a cron on February 30 is refused as never firing", line(2, "cron: \"0 0 0 30 2 ?\""), 2,
				"never fires"));
		cases.add(badFile("a cron on both day fields is refused", line(2, "cron: \"0 0 5 1 * MON\""), 2, "cron"));
		cases.add(badFile("an unknown time zone is refused", line(3, "timeZone: Europe/Berlinn"), 3,
				"unknown time zone 'Europe/Berlinn'"));
		cases.add(badFile("an empty time zone is refused", line(3, "timeZone:"), 3, "timeZone has no value"));
		cases.add(badFile("enabled given yes is refused", line(4, "enabled: yes"), 4,
				"enabled must be true or false, got 'yes'"));
		cases.add(badFile("parameters given a list are refused",
				"job: payment-expiry\ncron: \"0 0 5 1 1 ?\"\nparameters: [1, 2]\n", 3, "parameters must be a mapping"));
		cases.add(badFile("an unknown parameter is refused on its line", line(7, "  batchSise: 1000"), 7,
				"did you mean 'batchSize'"));
		cases.add(badFile("a parameter of the wrong type is refused on its line", line(7, "  batchSize: lots"), 7,
				"batchSize"));
		cases.add(badFile("a negative parameter is refused on its line", line(7, "  batchSize: -1"), 7, "batchSize"));
		cases.add(badFile("an SQL-looking parameter is refused on its line", line(7, "  batchSize: \"" + SQL + "\""), 7,
				"expected a whole number"));
		cases.add(badFile("a duplicate parameter is refused with the first line", line(7, "  expireAfter: 1h"), 7,
				"duplicate parameter 'expireAfter' (first at line 6)"));
		cases.add(badFile("an unknown misfire policy is refused with the allowed ones", line(8, "misfire: twice"), 8,
				"misfire must be one of"));
		cases.add(badFile("a catch-up limit without catch-up is refused", line(8, "misfire: skip\ncatchUpLimit: 3"), 9,
				"catchUpLimit only applies to misfire: catch-up"));
		cases.add(badFile("a catch-up without its limit is refused", line(8, "misfire: catch-up"), 8,
				"needs catchUpLimit"));
		cases.add(badFile("an unknown overlap policy is refused with the allowed ones", line(9, "overlap: maybe"), 9,
				"overlap must be one of"));
		cases.add(badFile("a negative stopAfter is refused", line(10, "stopAfter: -5m"), 10, "stopAfter"));
		cases.add(badFile("a stopAfter without a unit is refused", line(10, "stopAfter: 10"), 10, "stopAfter"));
		cases.add(badFile("a stopAfter over a year is refused", line(10, "stopAfter: 400d"), 10, "at most 365d"));
		cases.add(badFile("the old maxRunTime key is refused with its new name", line(10, "maxRunTime: 10m"), 10,
				"did you mean 'stopAfter'"));
		cases.add(badFile("an unknown key is refused with a did-you-mean", PAYMENT_EXPIRY + "descripton: x\n", 11,
				"did you mean 'description'"));
		cases.add(badFile("a description given a mapping is refused", PAYMENT_EXPIRY + "description: {a: 1}\n", 11,
				"description must be a single value"));
		cases.add(badFile("a duplicate key is refused with the line of the first",
				PAYMENT_EXPIRY + "cron: \"0 0 6 1 1 ?\"\n", 11, "duplicate key 'cron' (first at line 2)"));
		cases.add(badFile("a YAML syntax error is refused on its line", line(7, " batchSize: 1000"), 7,
				"not valid YAML"));
		cases.add(badFile("an unclosed quote is refused as YAML saying the line it began on",
				line(2, "cron: \"0 0 5 1 1 ?"), 11,
				"not valid YAML: while scanning a quoted scalar, found unexpected end of stream (it began at line 2)"));
		cases.add(badFile("two documents in one file are refused", PAYMENT_EXPIRY + "---\njob: quota-reset\n", 11,
				"expected a single document in the stream, but found another document"));
		cases.add(badFile("a file of comments only is refused as empty", "# nothing here\n", 1, "the file is empty"));
		cases.add(new Case("a file that is not UTF-8 is refused", "`jobs/` reload", "payment-expiry.yml in ISO-8859-1",
				"400, `payment-expiry.yml: cannot read: the file is not UTF-8 text; save it as UTF-8`",
				"nothing: the old schedules stay", May.NOTHING, (t) -> {
					HttpResponse<String> response = t.reloadWith("payment-expiry.yml",
							(PAYMENT_EXPIRY + "description: caf\u00e9 cr\u00e8me\n")
								.getBytes(StandardCharsets.ISO_8859_1));
					assertThat(response.statusCode()).isEqualTo(400);
					assertThat(response.body()).contains("payment-expiry.yml: cannot read: the file is not UTF-8");
				}));
		cases.add(new Case("a broken file beside a good new one applies neither and the old schedules keep running",
				"`jobs/` reload", "a valid payment-expiry.yml and a quota-reset.yml with `cron: every day`",
				"400 naming only `quota-reset.yml:2`; the valid file is not applied either",
				"nothing: session-cleanup and job-history-prune stay scheduled, untouched", May.NOTHING, (t) -> {
					Files.writeString(jobsDirectory.resolve("payment-expiry.yml"), PAYMENT_EXPIRY);
					HttpResponse<String> response;
					try {
						response = t.reloadWith("quota-reset.yml",
								"job: quota-reset\ncron: every day\n".getBytes(StandardCharsets.UTF_8));
					}
					finally {
						Files.delete(jobsDirectory.resolve("payment-expiry.yml"));
					}
					assertThat(response.statusCode()).isEqualTo(400);
					assertThat(response.body()).contains("quota-reset.yml:2: ").doesNotContain("payment-expiry.yml");
					assertThat(t.scheduledJobs()).containsExactly("job-history-prune", "session-cleanup");
					assertThat(t.jdbc.queryForList("SELECT DISTINCT trigger_state FROM lumiku_worker.qrtz_triggers",
							String.class))
						.containsExactly("WAITING");
				}));
		cases.add(new Case("two broken files are reported at once, each at its line", "`jobs/` reload",
				"payment-expiry.yml with `enabled: maybe` and quota-reset.yml with `cron:`",
				"400 listing both problems, `file:line: ...` each", "nothing", May.NOTHING, (t) -> {
					Files.writeString(jobsDirectory.resolve("payment-expiry.yml"),
							PAYMENT_EXPIRY.replace("enabled: true", "enabled: maybe"));
					HttpResponse<String> response;
					try {
						response = t.reloadWith("quota-reset.yml",
								"job: quota-reset\ncron:\n".getBytes(StandardCharsets.UTF_8));
					}
					finally {
						Files.delete(jobsDirectory.resolve("payment-expiry.yml"));
					}
					assertThat(response.body()).contains("payment-expiry.yml:4: enabled must be true or false",
							"quota-reset.yml:2: cron has no value");
				}));
		return cases;
	}

	/** PAYMENT_EXPIRY with line {@code number} replaced (null: removed). */
	private static String line(int number, String replacement) {
		List<String> lines = new ArrayList<>(PAYMENT_EXPIRY.lines().toList());
		if (replacement == null) {
			lines.remove(number - 1);
		}
		else {
			lines.set(number - 1, replacement);
		}
		return String.join("\n", lines) + "\n";
	}

	private static Case badFile(String name, String content, int line, String says) {
		String where = "payment-expiry.yml:" + line + ": ";
		String changed = content.lines()
			.filter((text) -> !PAYMENT_EXPIRY.lines().toList().contains(text))
			.collect(Collectors.joining(" / "));
		String missing = PAYMENT_EXPIRY.lines()
			.filter((text) -> !content.lines().toList().contains(text))
			.findFirst()
			.orElse("");
		return new Case(name, "`jobs/` reload",
				changed.isEmpty() ? "payment-expiry.yml without `" + missing + "`"
						: "payment-expiry.yml with `" + changed + "`",
				"400 `Invalid schedule files; nothing was changed`, `" + where + "..." + says + "...`",
				"nothing: the old schedules stay", May.NOTHING, (t) -> {
					HttpResponse<String> response = t.reloadWith("payment-expiry.yml",
							content.getBytes(StandardCharsets.UTF_8));
					assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
					assertThat(response.body()).contains("Invalid schedule files; nothing was changed")
						.contains(where)
						.contains(says);
				});
	}

	// --- cron edge cases that are valid: what they fire --------------------------------

	static List<Case> cronCases() {
		return List.of(
				fires("a cron on the last day of the month fires on the 28th of February", "0 0 3 L * ?", "UTC",
						"2027-02-01T00:00:00Z", "2027-02-28T03:00:00Z", "2027-03-31T03:00:00Z"),
				fires("a cron on the weekday nearest the 15th fires on Friday when the 15th is a Saturday",
						"0 0 3 15W * ?", "UTC", "2027-05-01T00:00:00Z", "2027-05-14T03:00:00Z", "2027-06-15T03:00:00Z"),
				fires("a cron on the first Monday fires on each month's first Monday", "0 0 3 ? * 2#1", "UTC",
						"2027-01-15T00:00:00Z", "2027-02-01T03:00:00Z", "2027-03-01T03:00:00Z"),
				fires("a cron on the last Friday fires on each month's last Friday", "0 0 3 ? * 6L", "UTC",
						"2027-01-01T00:00:00Z", "2027-01-29T03:00:00Z", "2027-02-26T03:00:00Z"),
				fires("a daily 02:30 in Europe/Berlin skips the day clocks spring forward", "0 30 2 * * ?",
						"Europe/Berlin", "2027-03-27T00:00:00Z", "2027-03-27T01:30:00Z", "2027-03-29T00:30:00Z"),
				fires("a daily 02:30 in Europe/Berlin fires once on the day clocks fall back", "0 30 2 * * ?",
						"Europe/Berlin", "2027-10-30T01:00:00Z", "2027-10-31T01:30:00Z", "2027-11-01T01:30:00Z"),
				fires("an hourly cron in Europe/Berlin runs the repeated autumn hour once", "0 0 * * * ?",
						"Europe/Berlin", "2027-10-31T00:00:00Z", "2027-10-31T02:00:00Z", "2027-10-31T03:00:00Z"),
				fires("a daily 02:30 in Asia/Jakarta fires every day at 19:30 UTC, having no DST", "0 30 2 * * ?",
						"Asia/Jakarta", "2027-03-27T00:00:00Z", "2027-03-27T19:30:00Z", "2027-03-28T19:30:00Z"));
	}

	private static Case fires(String name, String cron, String zone, String from, String first, String second) {
		return new Case(name, "`jobs/` reload", "`cron: \"" + cron + "\"`, `timeZone: " + zone + "`",
				"accepted; after " + from + " it fires at " + first + ", then " + second,
				"the schedule, while the file is there (removed again after)", May.NOTHING, (t) -> {
					String file = line(2, "cron: \"" + cron + "\"").replace("timeZone: UTC", "timeZone: " + zone);
					Files.writeString(jobsDirectory.resolve("payment-expiry.yml"), file);
					try {
						HttpResponse<String> response = t.api("POST", "/api/jobs/reload", null);
						assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
						Trigger trigger = t.scheduler
							.getTrigger(TriggerKey.triggerKey("payment-expiry", ScheduleSynchronizer.GROUP));
						Date after = trigger.getFireTimeAfter(Date.from(Instant.parse(from)));
						Date next = trigger.getFireTimeAfter(after);
						assertThat(List.of(after.toInstant(), next.toInstant())).containsExactly(Instant.parse(first),
								Instant.parse(second));
					}
					finally {
						Files.delete(jobsDirectory.resolve("payment-expiry.yml"));
						assertThat(t.api("POST", "/api/jobs/reload", null).statusCode()).isEqualTo(200);
					}
				});
	}

	// --- generation handlers -----------------------------------------------------------

	static List<Case> handlerCases() {
		return List.of(new Case("a handler that prints 100 MB and succeeds completes in bounded memory",
				"generation queue", "a command handler printing 100 MB on one line, then `outputPath=...`, exit 0",
				"the row completes with the printed outputPath; the output is read in a few KB (never held whole)",
				"that row (and the test's own user)", May.CHANGE_ITS_GENERATIONS, (t) -> {
					List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans()
						.stream()
						.filter((pool) -> pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported())
						.toList();
					long before = pools.stream().mapToLong((pool) -> pool.getUsage().getUsed()).sum();
					pools.forEach(MemoryPoolMXBean::resetPeakUsage);
					t.generation("chatty-1", "chatty", 4);
					assertThat(t.awaitFinished("chatty-1")).containsEntry("status", "completed")
						.containsEntry("outputPath", "/outputs/chatty-1.mp4")
						.containsEntry("worker_attempts", 1);
					long peak = pools.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
					assertThat(peak - before).as("old-generation growth while 100 MB were printed")
						.isLessThan(48L * 1024 * 1024);
					assertThat(t.refunds("chatty-1")).isZero();
				}),
				new Case(
						"a handler that prints 100 MB and fails is failed with the end of its output and refunded once",
						"generation queue", "a command handler printing 100 MB of log, then exit 3",
						"retried, then failed: `bash exited with code 3: ...the renderer gave up on ... (104857637 bytes of output; only the end is kept)`",
						"that row: failed, one refund credits row", May.CHANGE_ITS_GENERATIONS, (t) -> {
							t.generation("chatty-2", "chatty-failing", 5);
							Map<String, Object> row = t.awaitFinished("chatty-2");
							assertThat(row).containsEntry("status", "failed").containsEntry("worker_attempts", 2);
							assertThat((String) row.get("errorMessage")).startsWith("bash exited with code 3: ...")
								.contains("the renderer gave up on chatty-2", "bytes of output; only the end is kept")
								.hasSizeLessThan(700);
							assertThat(t.refunds("chatty-2")).isEqualTo(1);
						}),
				new Case("an HTTP handler answering 100 MB is failed after 1 MiB and refunded once", "generation queue",
						"the video mixer's endpoint answers 200 with 100 MB of JSON",
						"each attempt fails: `POST http://.../answer/mix-1 answered 200 with more than 1 MiB; the answer must be a JSON object of output columns`; then failed",
						"that row: failed, one refund credits row", May.CHANGE_ITS_GENERATIONS, (t) -> {
							String user = "u-mix-1";
							TestRows.user(user).insert(t.jdbc);
							TestRows.credit(user + "-bonus", user).createdAgo(Duration.ofDays(1)).insert(t.jdbc);
							TestRows.project("video_mixer_projects", "p-mix-1", user).insert(t.jdbc);
							t.jdbc.update(
									"""
											INSERT INTO video_mixer_generations (id, "projectId", "userId", "totalVideos", settings,
											        "creditUsed", "updatedAt")
											VALUES ('mix-1', 'p-mix-1', ?, 1, '{}', 6, timezone('UTC', now()))
											""",
									user);
							await().atMost(Duration.ofSeconds(60))
								.until(() -> t.jdbc.queryForObject(
										"SELECT status FROM video_mixer_generations WHERE id = 'mix-1'", String.class),
										"failed"::equals);
							Map<String, Object> row = t.jdbc
								.queryForMap("SELECT * FROM video_mixer_generations WHERE id = 'mix-1'");
							assertThat(row).containsEntry("worker_attempts", 2);
							assertThat((String) row.get("worker_last_error")).endsWith(
									"answered 200 with more than 1 MiB; the answer must be a JSON object of output columns");
							assertThat(t.refunds("mix-1")).isEqualTo(1);
						}),
				new Case("a handler that never exits is killed at its timeout, retried, failed and refunded once",
						"generation queue", "a command handler that sleeps for an hour (timeout 5 s, 2 attempts)",
						"each attempt killed at 5 s with its child processes: `bash ran longer than PT5S; killed`; then failed",
						"that row: failed, one refund credits row", May.CHANGE_ITS_GENERATIONS, (t) -> {
							t.generation("hang-1", "hang", 7);
							Map<String, Object> row = t.awaitFinished("hang-1");
							assertThat(row).containsEntry("status", "failed").containsEntry("worker_attempts", 2);
							assertThat((String) row.get("errorMessage")).isEqualTo("bash ran longer than PT5S; killed");
							assertThat(t.refunds("hang-1")).isEqualTo(1);
							assertThat(ProcessHandle.allProcesses()
								.filter((process) -> process.info().commandLine().orElse("").contains("sleep 3600.25")))
								.as("the handler's child was killed too")
								.isEmpty();
						}));
	}

	// --- config/generation-queue.yml, checked before serve starts ---------------------

	/** The test's own queue file; the cases break one line of it. */
	private static final Path QUEUE_CONFIG = Path.of("target", "test-classes", "bad-input", "generation-queue.yml");

	static List<Case> queueConfigCases() {
		return List.of(
				badQueueConfig("a YAML syntax error in the queue file refuses the start at the line YAML noticed it",
						"threads: 2", "       threads: 2", 11, "not valid YAML: mapping values are not allowed here"),
				badQueueConfig("a mistyped key in the queue file refuses the start with a did-you-mean",
						"concurrency: 4", "concurency: 4", 11,
						"unknown key 'concurency' in lumiku.generation.apps.looping-flow; did you mean 'concurrency'?"),
				badQueueConfig("an unknown app in the queue file refuses the start with the apps", "looping-flow:",
						"looping-flo:", 9,
						"unknown app 'lumiku.generation.apps.looping-flo'; did you mean 'looping-flow'?"),
				badQueueConfig("a mistyped handler key refuses the start", "kind: command", "knd: command", 20,
						"unknown key 'knd' in lumiku.generation.apps.looping-flow.handler; did you mean 'kind'?"),
				badQueueConfig("a mistyped queue-wide key refuses the start", "poll-interval: 200ms",
						"pol-interval: 200ms", 6,
						"unknown key 'pol-interval' in lumiku.generation; did you mean 'poll-interval'?"));
	}

	private static Case badQueueConfig(String name, String line, String replacement, int at, String says) {
		return new Case(name, "config/generation-queue.yml (at serve start)",
				replacement.startsWith(" ")
						? "`" + line + "` indented " + (replacement.length() - replacement.stripLeading().length())
								+ " spaces instead of 8"
						: "`" + line.strip() + "` written `" + replacement.strip() + "`",
				"`serve` exits 1: `The generation queue configuration is invalid; nothing was started: "
						+ "generation-queue.yml:" + at + ": " + says + "`",
				"nothing: the daemon does not start", May.NOTHING, (t) -> {
					String text = Files.readString(QUEUE_CONFIG);
					assertThat(text).contains(line);
					Path broken = Files.createTempDirectory("bad-queue").resolve("generation-queue.yml");
					Files.writeString(broken, replaceLine(text, line, replacement));
					org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
						.isThrownBy(() -> com.lumiku.worker.generation.GenerationConfigFile.check(broken))
						.withMessageStartingWith("The generation queue configuration is invalid; nothing was started: ")
						.withMessageContaining(broken + ":" + at + ": " + says);
				});
	}

	/**
	 * The line that holds {@code line}, rewritten: indented as it was unless the
	 * replacement is indented.
	 */
	private static String replaceLine(String text, String line, String replacement) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("(?m)^( *)" + java.util.regex.Pattern.quote(line) + ".*$")
			.matcher(text);
		assertThat(matcher.find()).as(line).isTrue();
		String indented = replacement.startsWith(" ") ? replacement : matcher.group(1) + replacement;
		return text.substring(0, matcher.start()) + indented + text.substring(matcher.end());
	}

	/**
	 * The shipped file and this test's file pass the check (so the check refuses only
	 * what is wrong).
	 */
	@Test
	void the_shipped_queue_file_passes_the_start_up_check() {
		com.lumiku.worker.generation.GenerationConfigFile.check(Path.of("config", "generation-queue.yml"));
		com.lumiku.worker.generation.GenerationConfigFile.check(QUEUE_CONFIG);
	}

	// --- the catalogue page ------------------------------------------------------------

	@Test
	void the_catalogue_page_lists_every_case_of_this_table() throws IOException {
		Path page = Path.of("docs", "bad-input.md");
		String table = table();
		String begin = "<!-- catalogue: generated by BadInputCatalogueTest -->\n";
		String end = "<!-- end of catalogue -->";
		if (Boolean.getBoolean("badinput.write")) {
			String text = Files.readString(page);
			Files.writeString(page, text.substring(0, text.indexOf(begin) + begin.length()) + table
					+ text.substring(text.indexOf(end)));
		}
		String text = Files.readString(page);
		assertThat(text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end)))
			.as("docs/bad-input.md is out of date: run this test with -Dbadinput.write=true")
			.isEqualTo(table);
	}

	private static String table() {
		StringBuilder table = new StringBuilder();
		String area = null;
		for (Case badInput : cases().toList()) {
			if (!badInput.area().equals(area)) {
				area = badInput.area();
				table.append("\n### ")
					.append(area)
					.append("\n\n| case | input | what the worker says | what it changes |\n|---|---|---|---|\n");
			}
			table.append("| ")
				.append(cell(badInput.name()))
				.append(" | ")
				.append(cell(badInput.input()))
				.append(" | ")
				.append(cell(badInput.says()))
				.append(" | ")
				.append(cell(badInput.changes()))
				.append(" |\n");
		}
		return table.append('\n').toString();
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

	// --- helpers -----------------------------------------------------------------------

	private static Case refused(String name, String input, String says, Check check) {
		return refused(name, "HTTP API", input, says, check);
	}

	private static Case refused(String name, String area, String input, String says, Check check) {
		return new Case(name, area, input, says, "nothing", May.NOTHING, check);
	}

	/** The database parts a bad input must not change. */
	record Snapshot(long executions, String schedules, long users, String credits, String generations) {

		Snapshot withoutExecutions() {
			return new Snapshot(0, this.schedules, this.users, this.credits, this.generations);
		}

		Snapshot withoutQueue() {
			return new Snapshot(this.executions, this.schedules, 0, "", "");
		}

	}

	private Snapshot snapshot() {
		return this.jdbc.queryForObject(
				"""
						SELECT (SELECT count(*) FROM lumiku_worker.batch_job_execution) AS executions,
						       (SELECT coalesce(string_agg(t.trigger_name || ' ' || c.cron_expression || ' ' || c.time_zone_id
						                || ' ' || t.trigger_state || ' ' || md5(j.job_data), '; ' ORDER BY t.trigger_name), '')
						          FROM lumiku_worker.qrtz_triggers t
						          JOIN lumiku_worker.qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)
						          JOIN lumiku_worker.qrtz_job_details j USING (sched_name, job_name, job_group)) AS schedules,
						       (SELECT count(*) FROM users) AS users,
						       (SELECT coalesce(string_agg(id || ' ' || amount || ' ' || balance, '; ' ORDER BY id), '')
						          FROM credits) AS credits,
						       (SELECT coalesce(string_agg(id || ' ' || status || ' ' || worker_attempts, '; ' ORDER BY id), '')
						          FROM (SELECT id, status, worker_attempts FROM looping_flow_generations
						                UNION ALL SELECT id, status, worker_attempts FROM video_mixer_generations) g) AS generations
						""",
				(rs, row) -> new Snapshot(rs.getLong("executions"), rs.getString("schedules"), rs.getLong("users"),
						rs.getString("credits"), rs.getString("generations")));
	}

	private void assertStillServes() throws Exception {
		HttpResponse<String> health = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/health"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).endsWith("\"status\":\"UP\"}");
		HttpResponse<String> jobs = api("GET", "/api/jobs/session-cleanup", null);
		assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
		assertThat(jobs.body()).contains("\"name\":\"session-cleanup\"", "0 0 4 1 1 ?");
	}

	private void assertUnauthorized(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
		assertThat(response.body()).contains("Missing or wrong bearer token").doesNotContain(TOKEN);
	}

	HttpResponse<String> api(String method, String path, String body) throws Exception {
		return send(method, path, (body != null) ? "application/json" : null, body, "Bearer " + TOKEN);
	}

	HttpResponse<String> send(String method, String path, String contentType, String body, String authorization)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			transcript(method + " " + ShortText.value(path) + " -> " + response.statusCode() + " "
					+ ShortText.message(response.body()));
			return response;
		}
		catch (IOException ex) {
			throw new AssertionError(method + " " + path + " failed: " + ex, ex);
		}
	}

	record Cli(int exit, String out, String err) {
	}

	Cli cli(String token, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		List<String> command = new ArrayList<>(List.of(args));
		command.add("--api");
		command.add("http://localhost:" + this.port);
		System.setProperty("LUMIKU_API_TOKEN", token);
		try {
			int exit = WorkerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true),
					command.toArray(String[]::new));
			transcript(ShortText.message(String.join(" ", args)) + " -> exit " + exit + " "
					+ ShortText.message(err.toString()));
			return new Cli(exit, out.toString(), err.toString());
		}
		finally {
			System.clearProperty("LUMIKU_API_TOKEN");
		}
	}

	/** Puts the file in jobs/, reloads, and takes the file away again (the answer). */
	HttpResponse<String> reloadWith(String fileName, byte[] content) throws Exception {
		Path file = jobsDirectory.resolve(fileName);
		Files.write(file, content);
		try {
			return api("POST", "/api/jobs/reload", null);
		}
		finally {
			Files.delete(file);
		}
	}

	/**
	 * What the daemon answered, in target/bad-input-transcript.txt (for reading, not
	 * asserted).
	 */
	private static void transcript(String line) {
		try {
			Files.writeString(Path.of("target", "bad-input-transcript.txt"), line.replace("\n", " ") + "\n",
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> scheduledJobs() {
		return this.jdbc.queryForList("SELECT trigger_name FROM lumiku_worker.qrtz_triggers ORDER BY trigger_name",
				String.class);
	}

	void awaitNoRunning() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject(
					"SELECT count(*) FROM lumiku_worker.batch_job_execution WHERE status IN ('STARTING', 'STARTED')",
					Long.class) == 0);
	}

	void generation(String id, String loopStyle, int credits) {
		String user = "u-" + id;
		TestRows.user(user).insert(this.jdbc);
		TestRows.credit(user + "-bonus", user).createdAgo(Duration.ofDays(1)).insert(this.jdbc);
		TestRows.project("looping_flow_projects", "p-" + id, user).insert(this.jdbc);
		this.jdbc.update("""
				INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration",
				        "creditUsed", "loopStyle")
				VALUES (?, ?, ?, 'video', 5, ?, ?)
				""", id, "p-" + id, user, credits, loopStyle);
	}

	Map<String, Object> awaitFinished(String id) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject("SELECT status FROM looping_flow_generations WHERE id = ?",
					String.class, id), (status) -> status.equals("completed") || status.equals("failed"));
		return new LinkedHashMap<>(this.jdbc.queryForMap("SELECT * FROM looping_flow_generations WHERE id = ?", id));
	}

	long refunds(String id) {
		return this.jdbc.queryForObject("SELECT count(*) FROM credits WHERE type = 'refund' AND \"referenceId\" = ?",
				Long.class, id);
	}

	private static Path jobsDirectory() {
		try {
			Path directory = Files.createTempDirectory("bad-input-jobs");
			Files.writeString(directory.resolve("session-cleanup.yml"), """
					job: session-cleanup
					cron: "0 0 4 1 1 ?"
					parameters:
					  batchSize: 5000
					""");
			Files.writeString(directory.resolve("job-history-prune.yml"), """
					job: job-history-prune
					cron: "0 30 3 1 1 ?"
					parameters:
					  retention: 30d
					""");
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
