package com.lumiku.worker.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a job accepts: its stable name and its declared parameters.
 *
 * @param name the job's one name everywhere (file, Batch job, Quartz key, CLI, HTTP,
 * metric tag)
 * @param description one line for the operator
 * @param parameters the declared parameters
 */
public record JobDescriptor(String name, String description, List<ParameterSpec> parameters) {

	public JobDescriptor {
		parameters = List.copyOf(parameters);
	}

	/**
	 * Validates raw parameters and completes them with defaults.
	 * @param raw name to text, as given by a schedule file, the CLI or the API
	 * @return name to typed value, in declared order
	 * @throws InvalidJobParametersException listing every problem
	 */
	public Map<String, Object> validate(Map<String, String> raw) {
		List<String> problems = new ArrayList<>();
		Map<String, ParameterSpec> declared = this.parameters.stream()
			.collect(Collectors.toMap(ParameterSpec::name, (spec) -> spec, (a, b) -> a, LinkedHashMap::new));
		raw.keySet()
			.stream()
			.filter((key) -> !declared.containsKey(key))
			.sorted()
			.forEach((key) -> problems.add("unknown parameter '" + key + "'; "
					+ Suggestions.nearest(key, declared.keySet()).map((s) -> "did you mean '" + s + "'? ").orElse("")
					+ knownParameters()));
		Map<String, Object> values = new LinkedHashMap<>();
		for (ParameterSpec spec : this.parameters) {
			String text = raw.containsKey(spec.name()) ? raw.get(spec.name()) : spec.defaultValue().orElse(null);
			if (text == null) {
				if (spec.required()) {
					problems.add("missing required parameter '" + spec.name() + "' (" + spec.description() + ")");
				}
				continue;
			}
			try {
				Object value = spec.type().parse(text);
				spec.outOfBounds(value)
					.ifPresentOrElse((problem) -> problems.add("parameter '" + spec.name() + "': " + problem),
							() -> values.put(spec.name(), value));
			}
			catch (IllegalArgumentException ex) {
				problems.add("parameter '" + spec.name() + "': " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidJobParametersException(this.name, problems);
		}
		return values;
	}

	private String knownParameters() {
		return this.parameters.isEmpty() ? "this job takes no parameters"
				: "known: " + this.parameters.stream().map(ParameterSpec::name).collect(Collectors.joining(", "));
	}

}
