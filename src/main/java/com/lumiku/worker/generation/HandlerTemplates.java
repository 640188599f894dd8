package com.lumiku.worker.generation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The values a handler's templates see: the generation row, {@code id}, {@code app},
 * {@code attempt}, the columns of the optional {@code row-query}, and the configured
 * {@code variables}. {@code {name}} is replaced by its value; an unknown name is an
 * error, not an empty string.
 */
final class HandlerTemplates {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

	private HandlerTemplates() {
	}

	static Map<String, String> values(AppSettings settings, ClaimedGeneration generation, JdbcTemplate jdbc) {
		Map<String, String> values = new HashMap<>(settings.handler().variables());
		generation.fields().forEach((name, value) -> values.put(name, (value != null) ? value.toString() : ""));
		String rowQuery = settings.handler().rowQuery();
		if (rowQuery != null && !rowQuery.isBlank()) {
			List<Map<String, Object>> extra = jdbc.queryForList(rowQuery, generation.id());
			if (extra.isEmpty()) {
				throw new IllegalStateException("row-query found nothing for generation " + generation.id());
			}
			extra.get(0).forEach((name, value) -> values.put(name, (value != null) ? value.toString() : ""));
		}
		values.put("id", generation.id());
		values.put("app", settings.app());
		values.put("attempt", Integer.toString(generation.attempt()));
		return values;
	}

	static String resolve(String template, Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalArgumentException("unknown placeholder {" + matcher.group(1) + "} in " + template);
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
