package com.lumiku.worker.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.lumiku.worker.run.JobCatalog;
import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterChoices;
import com.lumiku.worker.run.ParameterSpec;
import com.lumiku.worker.run.ParameterType;
import com.lumiku.worker.scheduling.JobSchedule;

/**
 * The "run now" form of a job, built from its declared parameters: one field per
 * parameter, typed (a number, a duration, a date, true/false, a zone, one word of a set
 * as a select, words of a set as text with the words shown, text), filled with the value
 * its {@code jobs/} file gives or else its declared default. A submitted form is checked
 * field by field with the parameter's own type and bounds, so each problem is shown next
 * to its field; the run itself is then started through
 * {@link com.lumiku.worker.operator.JobControl}, which validates again.
 */
final class RunForm {

	/** One field of the form. */
	record Field(String name, String type, String description, boolean required, String value, Optional<String> error,
			String hint, String inputMode, List<String> choices) {

		public boolean isBoolean() {
			return this.type.equals("BOOLEAN");
		}

		public boolean isDate() {
			return this.type.equals("DATE");
		}

		/** One word of a fixed set: a select of its words. */
		public boolean isChoice() {
			return this.type.equals("CHOICE");
		}

	}

	private RunForm() {
	}

	/** The form as first shown. */
	static List<Field> blank(JobCatalog.Entry entry, Optional<JobSchedule> schedule) {
		Map<String, String> defaults = defaults(entry.descriptor(), schedule);
		return entry.descriptor()
			.parameters()
			.stream()
			.map((spec) -> field(spec, defaults.getOrDefault(spec.name(), ""), Optional.empty()))
			.toList();
	}

	/** The form as submitted, with each field's problem. */
	static List<Field> checked(JobDescriptor descriptor, Map<String, String> submitted) {
		return descriptor.parameters()
			.stream()
			.map((spec) -> field(spec, submitted.getOrDefault(spec.name(), ""),
					problem(spec, submitted.getOrDefault(spec.name(), ""))))
			.toList();
	}

	/** The parameters to run with: the non-blank fields of the form. */
	static Map<String, String> parameters(JobDescriptor descriptor, Map<String, String> submitted) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (ParameterSpec spec : descriptor.parameters()) {
			String value = submitted.getOrDefault(spec.name(), "").trim();
			if (!value.isEmpty()) {
				parameters.put(spec.name(), value);
			}
		}
		return parameters;
	}

	private static Optional<String> problem(ParameterSpec spec, String raw) {
		String value = raw.trim();
		if (value.isEmpty()) {
			return (spec.required() && spec.defaultValue().isEmpty()) ? Optional.of("required") : Optional.empty();
		}
		try {
			spec.value(value);
			return Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(ex.getMessage());
		}
	}

	private static Map<String, String> defaults(JobDescriptor descriptor, Optional<JobSchedule> schedule) {
		Map<String, String> values = new LinkedHashMap<>();
		descriptor.parameters().forEach((spec) -> spec.defaultValue().ifPresent((v) -> values.put(spec.name(), v)));
		schedule.filter(JobSchedule::enabled).ifPresent((s) -> values.putAll(s.parameters()));
		return values;
	}

	private static Field field(ParameterSpec spec, String value, Optional<String> error) {
		String hint = switch (spec.type()) {
			case LONG -> "whole number";
			case DURATION -> "duration: 30s, 15m, 24h, 30d";
			case DATE -> "date: 2026-01-31";
			case ZONE_ID -> "time zone: UTC, Asia/Jakarta";
			case BOOLEAN -> "true or false";
			case STRING -> "text";
			case NAMES -> "names separated by commas";
			case CHOICE, CHOICES -> spec.choices().orElseThrow().describe(spec.type());
		};
		hint += spec.bounds().map((b) -> "; " + b.describe()).orElse("");
		String inputMode = (spec.type() == ParameterType.LONG) ? "numeric" : "text";
		return new Field(spec.name(), spec.type().name(), spec.description(), spec.required(), value, error, hint,
				inputMode, spec.choices().map(ParameterChoices::words).orElse(List.of()));
	}

}
