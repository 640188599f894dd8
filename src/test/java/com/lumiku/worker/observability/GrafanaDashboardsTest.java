package com.lumiku.worker.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards in {@code grafana/} split per job by the worker's {@code job_name}
 * label, never by {@code job}: Prometheus sets {@code job} to the scrape job on every
 * series (renaming a sample's own {@code job} to {@code exported_job}), so a per-job
 * panel keyed on it shows one series for the whole cluster.
 */
class GrafanaDashboardsTest {

	private static final Pattern FIELD = Pattern
		.compile("\"(expr|legendFormat|query)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

	record Field(Path dashboard, String name, String text) {
	}

	@Test
	void only_the_up_series_selects_prometheus_target_label_job() throws IOException {
		List<String> selectors = new ArrayList<>();
		for (Field field : fields("expr")) {
			Matcher selector = SELECTOR.matcher(field.text());
			while (selector.find()) {
				Matcher matcher = MATCHER.matcher(selector.group(2));
				while (matcher.find()) {
					if (matcher.group(1).equals("job")) {
						selectors.add(selector.group(1));
					}
				}
			}
		}
		assertThat(selectors).as("metrics selected by the label job").containsOnly("up");
	}

	@Test
	void every_expression_over_the_worker_metrics_groups_and_filters_by_job_name() throws IOException {
		List<Field> perJob = fields("expr").stream()
			.filter((field) -> field.text().contains("lumiku_job_") || field.text().contains("lumiku_bulk_"))
			.toList();
		assertThat(perJob).isNotEmpty().allSatisfy((field) -> {
			Matcher grouping = GROUPING.matcher(field.text());
			assertThat(grouping.find()).as("%s groups by a label: %s", field.dashboard(), field.text()).isTrue();
			do {
				assertThat(Arrays.stream(grouping.group(1).split(",")).map(String::strip))
					.as("%s: %s", field.dashboard(), field.text())
					.contains("job_name")
					.doesNotContain("job", "exported_job");
			}
			while (grouping.find());
		});
		assertThat(perJob).filteredOn((field) -> field.text().contains("lumiku_job_"))
			.allSatisfy((field) -> assertThat(field.text()).as("%s filters by the Job variable", field.dashboard())
				.contains("job_name=~\\\"$job_name\\\""));
	}

	@Test
	void legends_and_the_job_variable_use_job_name() throws IOException {
		assertThat(fields("legendFormat")).extracting(Field::text)
			.isNotEmpty()
			.noneSatisfy((legend) -> assertThat(legend).contains("{{job}}"))
			.anySatisfy((legend) -> assertThat(legend).contains("{{job_name}}"));
		assertThat(fields("query")).extracting(Field::text).contains("label_values(lumiku_job_running, job_name)");
	}

	private static List<Field> fields(String name) throws IOException {
		List<Field> fields = new ArrayList<>();
		try (Stream<Path> files = Files.list(Path.of("grafana"))) {
			for (Path dashboard : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				Matcher field = FIELD.matcher(Files.readString(dashboard));
				while (field.find()) {
					if (field.group(1).equals(name)) {
						fields.add(new Field(dashboard, name, field.group(2)));
					}
				}
			}
		}
		assertThat(fields).as("%s fields of the dashboards", name).isNotEmpty();
		return fields;
	}

}
