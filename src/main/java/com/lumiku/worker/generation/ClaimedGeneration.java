package com.lumiku.worker.generation;

import java.util.Map;

/**
 * A generation this worker holds: claimed (pending → processing) under a lease.
 *
 * @param table its table
 * @param id the generation id
 * @param userId its owner
 * @param attempt the attempt number (1 for the first claim)
 * @param fields every column of the row as the claim left it (JSON types); for a handler
 * that does not {@linkplain GenerationHandler#readsRow() read the row}, only {@code id},
 * {@code userId}, {@code status}, {@code worker_attempts} and {@code worker_started_at}
 * @param rowJson the same row as a JSON object (what the HTTP handler posts); null when
 * the handler does not read the row
 * @param claimedNanos {@link System#nanoTime()} when the claim returned, for the
 * claim-to-start latency
 */
public record ClaimedGeneration(GenerationTable table, String id, String userId, int attempt,
		Map<String, Object> fields, String rowJson, long claimedNanos) {

	/** A field of the row as text, or empty text when it is null. */
	public String text(String column) {
		Object value = this.fields.get(column);
		return (value != null) ? value.toString() : "";
	}

}
