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

}
