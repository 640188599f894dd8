package com.lumiku.worker.observability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} cannot be run here; what can be checked is that it agrees
 * with the files the tests do run: Prometheus scrapes the compose services' management
 * ports with the shipped config and rules, and Grafana gets the provisioning files, the
 * dashboards at the provider's path and a data source that names the Prometheus service.
 */
@SuppressWarnings("unchecked")
class DockerComposeTest {

	@Test
	void prometheus_scrapes_the_management_port_of_every_worker_service() throws IOException {
		Map<String, Object> services = map(load("docker-compose.yml"), "services");
		List<String> targets = targets(load("config/prometheus/prometheus.yml"));

		assertThat(targets).hasSize(2);
		for (String target : targets) {
			String[] hostAndPort = target.split(":");
			assertThat(services).as("compose service of target %s", target).containsKey(hostAndPort[0]);
			Map<String, Object> environment = map(map(services, hostAndPort[0]), "environment");
			assertThat(String.valueOf(environment.get("LUMIKU_MANAGEMENT_PORT"))).as(target).isEqualTo(hostAndPort[1]);
			assertThat(environment).as(target).containsKeys("LUMIKU_DB_URL", "LUMIKU_WORKER_ID");
		}
		Map<String, Object> prometheus = map(services, "prometheus");
		assertThat(list(prometheus, "volumes")).contains("./config/prometheus:/etc/prometheus:ro");
		assertThat(list(prometheus, "command")).contains("--config.file=/etc/prometheus/prometheus.yml");
	}

	@Test
	void grafana_gets_the_provisioning_the_dashboards_and_the_prometheus_service_as_data_source() throws IOException {
		Map<String, Object> services = map(load("docker-compose.yml"), "services");
		Map<String, Object> grafana = map(services, "grafana");
		String dashboards = (String) map(
				(Map<String, Object>) list(load("grafana/provisioning/dashboards/lumiku-worker.yml"), "providers")
					.get(0),
				"options")
			.get("path");
		Map<String, Object> source = (Map<String, Object>) list(load("grafana/provisioning/datasources/prometheus.yml"),
				"datasources")
			.get(0);

		assertThat(list(grafana, "volumes")).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
				"./grafana:" + dashboards + ":ro");
		URI url = URI.create((String) source.get("url"));
		assertThat(services).containsKey(url.getHost());
		assertThat(list(map(services, url.getHost()), "ports")).contains(url.getPort() + ":" + url.getPort());
		assertThat(source).containsEntry("type", "prometheus");
	}

	private static List<String> targets(Map<String, Object> config) {
		Map<String, Object> scrape = (Map<String, Object>) list(config, "scrape_configs").get(0);
		assertThat(scrape).containsEntry("job_name", "lumiku-worker")
			.containsEntry("metrics_path", "/actuator/prometheus");
		return (List<String>) ((Map<String, Object>) list(scrape, "static_configs").get(0)).get("targets");
	}

	private static Map<String, Object> load(String file) throws IOException {
		return new Yaml().load(Files.readString(Path.of(file)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		assertThat(parent).containsKey(key);
		return (Map<String, Object>) parent.get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> parent, String key) {
		assertThat(parent).containsKey(key);
		return (List<Object>) parent.get(key);
	}

}
