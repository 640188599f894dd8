package com.lumiku.worker.generation;

import java.util.Map;

/**
 * Runs one attempt of a generation. One handler per app, built by the
 * {@link HandlerFactory} its configuration names.
 */
public interface GenerationHandler {

	/**
	 * Processes a claimed generation within the app's timeout.
	 * @param generation the row, as claimed
	 * @return output column → value to write on completion (only the table's output
	 * columns are used)
	 * @throws Exception when the attempt failed; its message is kept on the row
	 */
	Map<String, String> handle(ClaimedGeneration generation) throws Exception;

	/**
	 * Whether the handler reads the row's own columns. When it does not, its claims
	 * return only the queue's fields ({@code id}, {@code userId}, {@code status},
	 * {@code worker_attempts}, {@code worker_started_at}) and no row JSON, which saves
	 * the database building and the worker parsing a wide row per job.
	 * @return true unless the handler was made with {@link #withoutRow}
	 */
	default boolean readsRow() {
		return true;
	}

	/**
	 * A handler that reads only the queue's fields of the claimed row (see
	 * {@link #readsRow()}).
	 * @param handler the handler
	 * @return the same handler, claiming lean rows
	 */
	static GenerationHandler withoutRow(GenerationHandler handler) {
		return new GenerationHandler() {

			@Override
			public Map<String, String> handle(ClaimedGeneration generation) throws Exception {
				return handler.handle(generation);
			}

			@Override
			public boolean readsRow() {
				return false;
			}

		};
	}

}
