package com.lumiku.worker.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.lumiku.worker.scheduling.Suggestions;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * What a job accepts: its stable name and its declared parameters. It is also the job's
 * {@link JobParametersValidator} (register it on the Spring Batch job), so a run with
 * parameters the job does not accept is refused whoever launches it; each type, range and
 * set of words is checked here ({@link ParameterSpec#value}), and a job binds values
 * already checked ({@link #bind}).
 *
 * @param name the job's one name everywhere (file, Batch job, Quartz key, CLI, HTTP,
 * metric tag)
 * @param description one line for the operator
 * @param parameters the declared parameters
 */
public record JobDescriptor(String name, String description,
		List<ParameterSpec> parameters) implements JobParametersValidator {

	public JobDescriptor {
		parameters = List.copyOf(parameters);
	}

	/**
	 * Validates raw parameters and completes them with the declared defaults.
	 * @param raw name to text, as given by a schedule file, the CLI or the API
	 * @return name to text as written (a default as declared), in declared order; a
	 * parameter without a value and without a default is left out
	 * @throws InvalidJobParametersException listing every problem
	 */
	public Map<String, String> validate(Map<String, String> raw) {
		List<String> problems = new ArrayList<>();
		Map<String, ParameterSpec> declared = this.parameters.stream()
			.collect(Collectors.toMap(ParameterSpec::name, (spec) -> spec, (a, b) -> a, LinkedHashMap::new));
		raw.keySet()
			.stream()
			.filter((key) -> !declared.containsKey(key))
			.sorted()
			.forEach((key) -> problems.add(unknown(key, declared)));
		Map<String, String> values = new LinkedHashMap<>();
		for (ParameterSpec spec : this.parameters) {
			String text = raw.containsKey(spec.name()) ? raw.get(spec.name()) : spec.defaultValue().orElse(null);
			if (text == null) {
				if (spec.required()) {
					problems.add("missing required parameter '" + spec.name() + "' (" + spec.description() + ")");
				}
				continue;
			}
			try {
				spec.value(text);
				values.put(spec.name(), text);
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

	/**
	 * Spring Batch's check before a run (start or restart) of the job: its declared
	 * parameters, each as text, must be valid; the run's {@value JobRuns#RUN_KEY} and
	 * {@value JobRuns#ORIGIN} are not declared parameters.
	 */
	@Override
	public void validate(JobParameters jobParameters)
			throws org.springframework.batch.core.job.parameters.InvalidJobParametersException {
		Map<String, String> raw = new LinkedHashMap<>();
		jobParameters.parameters()
			.stream()
			.filter((parameter) -> !parameter.name().equals(JobRuns.RUN_KEY)
					&& !parameter.name().equals(JobRuns.ORIGIN))
			.forEach((parameter) -> raw.put(currentName(parameter.name()), String.valueOf(parameter.value())));
		try {
			validate(raw);
		}
		catch (InvalidJobParametersException ex) {
			throw new org.springframework.batch.core.job.parameters.InvalidJobParametersException(ex.getMessage());
		}
	}

	/**
	 * A run's declared parameters, parsed by their declared types (once, in step scope:
	 * {@code @Value("#{jobParameters}")}). Spring Batch validated them with
	 * {@link #validate(JobParameters)} before the run began.
	 * @param jobParameters the run's job parameters by name
	 * @return the values
	 */
	public ParameterValues bind(Map<String, ?> jobParameters) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (ParameterSpec spec : this.parameters) {
			Optional<String> text = Optional.ofNullable(jobParameters.get(spec.name()))
				.or(() -> spec.formerName().map(jobParameters::get))
				.map(String::valueOf)
				.or(spec::defaultValue);
			text.ifPresent((value) -> values.put(spec.name(), spec.value(value)));
		}
		return new ParameterValues(this, values);
	}

	/** The declared parameter of that name. */
	Optional<ParameterSpec> spec(String parameterName) {
		return this.parameters.stream().filter((spec) -> spec.name().equals(parameterName)).findFirst();
	}

	/** The current name of a parameter that may be given by its former name. */
	private String currentName(String given) {
		return this.parameters.stream()
			.filter((spec) -> spec.formerName().filter(given::equals).isPresent())
			.map(ParameterSpec::name)
			.findFirst()
			.orElse(given);
	}

	private String unknown(String key, Map<String, ParameterSpec> declared) {
		Optional<ParameterSpec> renamed = this.parameters.stream()
			.filter((spec) -> spec.formerName().filter(key::equals).isPresent())
			.findFirst();
		if (renamed.isPresent()) {
			return "unknown parameter '" + key + "'; did you mean '" + renamed.get().name() + "'? (renamed: "
					+ renamed.get().description() + ")";
		}
		return "unknown parameter '" + key + "'; "
				+ Suggestions.nearest(key, declared.keySet()).map((s) -> "did you mean '" + s + "'? ").orElse("")
				+ knownParameters();
	}

	private String knownParameters() {
		return this.parameters.isEmpty() ? "this job takes no parameters"
				: "known: " + this.parameters.stream().map(ParameterSpec::name).collect(Collectors.joining(", "));
	}

}
