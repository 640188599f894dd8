package com.lumiku.worker.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus configuration as promtool sees it: {@code config/prometheus/}'s
 * scrape config and alert rules are valid, every alert carries a severity and a runbook,
 * and the rule unit tests ({@code config/prometheus/tests/*.yml}) pass, with each alert
 * shown firing on some series there (and, the expected lists being exact, silent on the
 * others).
 */
class PromtoolTest {

	private static final Path DIRECTORY = Path.of("config", "prometheus");

	@Test
	void the_scrape_config_is_valid_and_loads_the_alert_rules() throws Exception {
		PrometheusTools.Result result = PrometheusTools.promtool(null, "check", "config",
				DIRECTORY.resolve("prometheus.yml").toString());

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 1 rule files found");
	}

	@Test
	void the_alert_rules_are_valid() throws Exception {
		PrometheusTools.Result result = PrometheusTools.promtool(null, "check", "rules",
				DIRECTORY.resolve("alerts.yml").toString());

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void the_rule_unit_tests_pass() throws Exception {
		List<String> files;
		try (var listing = Files.list(DIRECTORY.resolve("tests"))) {
			files = listing.map(Path::toString).filter((name) -> name.endsWith(".yml")).sorted().toList();
		}
		assertThat(files).isNotEmpty();
		String[] arguments = new String[files.size() + 2];
		arguments[0] = "test";
		arguments[1] = "rules";
		for (int i = 0; i < files.size(); i++) {
			arguments[i + 2] = files.get(i);
		}

		PrometheusTools.Result result = PrometheusTools.promtool(null, arguments);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	void every_alert_has_a_severity_and_a_runbook_and_a_unit_test_that_fires_it() throws IOException {
		Set<String> fired = firedInUnitTests();

		Map<String, Map<String, Object>> alerts = alerts();
		assertThat(alerts).isNotEmpty();
		alerts.forEach((name, rule) -> {
			assertThat(labels(rule, "labels").get("severity")).as("severity of %s", name)
				.isIn("critical", "warning", "info");
			assertThat(labels(rule, "annotations")).as("annotations of %s", name).containsKeys("summary", "runbook");
			assertThat(labels(rule, "annotations").get("runbook")).as("runbook of %s names a command to run", name)
				.containsPattern("`(lumiku-worker|psql|curl) [^`]+`");
			assertThat(fired).as("alerts a unit test shows firing").contains(name);
		});
	}

	/** Every rule of alerts.yml by alert name. */
	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> alerts() throws IOException {
		Map<String, Object> document = new Yaml().load(Files.readString(DIRECTORY.resolve("alerts.yml")));
		Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				alerts.put((String) rule.get("alert"), rule);
			}
		}
		return alerts;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> labels(Map<String, Object> rule, String key) {
		return (Map<String, String>) rule.getOrDefault(key, Map.of());
	}

	@SuppressWarnings("unchecked")
	private static Set<String> firedInUnitTests() throws IOException {
		Set<String> fired = new TreeSet<>();
		try (var listing = Files.list(DIRECTORY.resolve("tests"))) {
			for (Path file : listing.filter((path) -> path.toString().endsWith(".yml")).toList()) {
				Map<String, Object> document = new Yaml().load(Files.readString(file));
				for (Map<String, Object> test : (List<Map<String, Object>>) document.get("tests")) {
					for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
						List<?> expected = (List<?>) check.get("exp_alerts");
						if (expected != null && !expected.isEmpty()) {
							fired.add((String) check.get("alertname"));
						}
					}
				}
			}
		}
		return fired;
	}

}
