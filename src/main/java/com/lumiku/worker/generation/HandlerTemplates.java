package com.lumiku.worker.generation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

	/** The placeholders that never come from the row. */
	private static final Set<String> OWN = Set.of("id", "app", "attempt");

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

	/**
	 * Whether templates read the generation row: any placeholder other than {@code id},
	 * {@code app} and {@code attempt} (which win over everything else in {@link #values})
	 * may name a column of the row, which also wins over a variable of the same name.
	 * @param templates the handler's templates
	 * @return false when they only use {@code id}, {@code app} and {@code attempt}
	 */
	static boolean readRow(Collection<String> templates) {
		for (String template : templates) {
			Matcher matcher = PLACEHOLDER.matcher(template);
			while (matcher.find()) {
				if (!OWN.contains(matcher.group(1))) {
					return true;
				}
			}
		}
		return false;
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
