package com.lumiku.worker.testsupport;

import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestExecutionListeners.MergeMode;

/**
 * Base of the Spring integration tests: each test class gets its own application context
 * on its own fresh, migrated PostgreSQL database (see {@link PostgresServer} for which
 * server), closed and dropped after the class ({@link DatabasePerTestClass}).
 */
@ContextCustomizerFactories(DatabasePerTestClass.class)
@TestExecutionListeners(listeners = DatabasePerTestClass.class, mergeMode = MergeMode.MERGE_WITH_DEFAULTS)
public abstract class WorkerIntegrationTest {

	/**
	 * This test class's database, the one its application context uses (from a static
	 * context: {@code DatabasePerTestClass.of(MyTest.class)}).
	 */
	protected final TestDatabase database = DatabasePerTestClass.of(getClass());

	/** This test class's database, the one its application context uses. */
	protected TestDatabase database() {
		return this.database;
	}

}
