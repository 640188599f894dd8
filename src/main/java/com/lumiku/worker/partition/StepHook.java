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

	/**
	 * Called after a transaction that held the parent table's ACCESS EXCLUSIVE lock (the
	 * credits DETACH), with how long it held it: from the DETACH to the commit.
	 */
	default void parentLocked(String table, java.time.Duration held) {
	}

}
