package com.lumiku.worker.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of the checks after a chaos run: one row per invariant, with how many things
 * were checked and the violations found (the first few named).
 */
final class InvariantTable {

	/**
	 * One invariant's result.
	 *
	 * @param invariant what must hold
	 * @param checked how many rows, periods or files it was checked on
	 * @param violations the offending ones
	 */
	record Row(String invariant, long checked, List<String> violations) {

	}

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	void add(String invariant, long checked, List<String> violations) {
		this.rows.add(new Row(invariant, checked, List.copyOf(violations)));
	}

	/** A figure that is reported beside the table, not checked. */
	void note(String note) {
		this.notes.add(note);
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	boolean holds() {
		return this.rows.stream().allMatch((row) -> row.violations().isEmpty());
	}

	String render() {
		int width = this.rows.stream().mapToInt((row) -> row.invariant().length()).max().orElse(10);
		StringBuilder out = new StringBuilder();
		String format = "| %-" + width + "s | %9s | %10s |%n";
		out.append(String.format(format, "invariant", "checked", "violations"));
		out.append("|-").append("-".repeat(width)).append("-|-----------|------------|\n");
		for (Row row : this.rows) {
			out.append(String.format(format, row.invariant(), String.format("%,d", row.checked()),
					String.format("%,d", row.violations().size())));
		}
		for (Row row : this.rows) {
			if (!row.violations().isEmpty()) {
				out.append("\nviolations of '").append(row.invariant()).append("' (first 20):\n");
				row.violations()
					.stream()
					.limit(20)
					.forEach((violation) -> out.append("  ").append(violation).append('\n'));
			}
		}
		if (!this.notes.isEmpty()) {
			out.append('\n');
			this.notes.forEach((note) -> out.append("- ").append(note).append('\n'));
		}
		return out.toString();
	}

}
