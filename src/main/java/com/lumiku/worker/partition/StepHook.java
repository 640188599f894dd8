package com.lumiku.worker.partition;

/**
 * Called each time an archive or conversion step has been recorded. Production uses
 * {@link #NONE}; the tests inject a failure after a chosen step to prove that a run
 * resumes from every recorded state.
 */
@FunctionalInterface
interface StepHook {

	StepHook NONE = (table, state) -> {
	};

	void recorded(String table, String state);

}
