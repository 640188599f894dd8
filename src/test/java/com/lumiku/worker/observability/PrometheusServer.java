package com.lumiku.worker.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus started from the documented {@code config/prometheus/prometheus.yml}
 * (its scrape job, metrics path and rule files as shipped), with only the targets, the
 * intervals (1 s) and the rule file's path changed for the test.
 */
final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient http = HttpClient.newHttpClient();

	private PrometheusServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts Prometheus scraping these targets.
	 * @param directory scratch directory (config, data, log)
	 * @param targets {@code host:port} of each worker's management port
	 * @return the running server, once it answers
	 */
	@SuppressWarnings("unchecked")
	static PrometheusServer start(Path directory, List<String> targets) throws IOException {
		Path shipped = Path.of("config", "prometheus", "prometheus.yml");
		Map<String, Object> config = new Yaml().load(Files.readString(shipped));
		Map<String, Object> global = (Map<String, Object>) config.computeIfAbsent("global",
				(key) -> new LinkedHashMap<>());
		global.put("scrape_interval", "1s");
		global.put("evaluation_interval", "1s");
		List<String> rules = (List<String>) config.get("rule_files");
		config.put("rule_files",
				rules.stream().map((file) -> shipped.getParent().resolve(file).toAbsolutePath().toString()).toList());
		List<Map<String, Object>> scrapes = (List<Map<String, Object>>) config.get("scrape_configs");
		Map<String, Object> worker = scrapes.stream()
			.filter((scrape) -> "lumiku-worker".equals(scrape.get("job_name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(shipped + " has no scrape job lumiku-worker"));
		List<Map<String, Object>> statics = (List<Map<String, Object>>) worker.get("static_configs");
		statics.get(0).put("targets", targets);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path file = directory.resolve("prometheus.yml");
		Files.writeString(file, new Yaml(options).dump(config));
		int port = freePort();
		Path log = directory.resolve("prometheus.log");
		Process process = new ProcessBuilder(PrometheusTools.require("prometheus").toString(), "--config.file=" + file,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, port, log);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.failFast("prometheus exited: " + server.log(), () -> !process.isAlive())
			.ignoreExceptions()
			.until(() -> server.get("/-/ready").contains("Ready"));
		return server;
	}

	/**
	 * An instant query.
	 * @param promql the expression
	 * @return the {@code data} of a successful answer
	 * @throws AssertionError naming the expression and Prometheus's error otherwise
	 */
	JsonNode query(String promql) {
		JsonNode answer = json("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		if (!"success".equals(answer.path("status").asString())) {
			throw new AssertionError("Prometheus could not evaluate " + promql + ": " + answer);
		}
		return answer.path("data");
	}

	/** The series an instant query returns (a vector's samples). */
	List<JsonNode> series(String promql) {
		JsonNode data = query(promql);
		if (!"vector".equals(data.path("resultType").asString())) {
			return List.of(data);
		}
		return java.util.stream.StreamSupport.stream(data.path("result").spliterator(), false).toList();
	}

	/** The values of a label among the series of a metric (Grafana's label_values). */
	List<String> labelValues(String label, String metric) {
		JsonNode answer = json(
				"/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
		return java.util.stream.StreamSupport.stream(answer.path("data").spliterator(), false)
			.map(JsonNode::asString)
			.toList();
	}

	/** Every rule group Prometheus loaded, with each rule's health and last error. */
	JsonNode rules() {
		return json("/api/v1/rules").path("data");
	}

	String log() {
		try {
			String text = Files.readString(this.log);
			return (text.length() > 4000) ? text.substring(text.length() - 4000) : text;
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private JsonNode json(String path) {
		try {
			return JSON.readTree(get(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Prometheus " + path + ": " + ex.getMessage(), ex);
		}
	}

	private String get(String path) throws IOException {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.body();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
