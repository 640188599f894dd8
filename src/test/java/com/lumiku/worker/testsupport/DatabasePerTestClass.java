package com.lumiku.worker.testsupport;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Gives each {@link WorkerIntegrationTest} class its own fresh, migrated database (a copy
 * of the template, see {@link MigratedDatabases}) and its own application context.
 *
 * <p>
 * As a {@link ContextCustomizerFactory} it points the context at the class's database;
 * the customizer is keyed on the test class, so Spring's context cache never hands one
 * class's context (and database) to another. As a {@link TestExecutionListener} it closes
 * that context and drops the database once the class has run: no other class can reuse
 * them, and a closed context stops its pool, scheduler and loops.
 */
public final class DatabasePerTestClass implements ContextCustomizerFactory, TestExecutionListener, Ordered {

	private static final Map<Class<?>, TestDatabase> databases = new ConcurrentHashMap<>();

	/**
	 * The database of a test class (created on first use). A {@code @Nested} class shares
	 * its enclosing class's database.
	 * @param testClass the test class
	 * @return its database
	 */
	public static TestDatabase of(Class<?> testClass) {
		return databases.computeIfAbsent(outermost(testClass),
				(owner) -> MigratedDatabases.fresh(owner.getSimpleName()));
	}

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return WorkerIntegrationTest.class.isAssignableFrom(testClass) ? new PointAtDatabase(outermost(testClass))
				: null;
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		Class<?> testClass = testContext.getTestClass();
		if (isNested(testClass) || !databases.containsKey(testClass)) {
			return;
		}
		if (testContext.hasApplicationContext()) {
			testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
		}
		PostgresServer.get().dropDatabase(databases.remove(testClass));
	}

	/**
	 * Last of the listeners after a class (first before it), once the others are done.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static Class<?> outermost(Class<?> testClass) {
		Class<?> owner = testClass;
		while (isNested(owner)) {
			owner = owner.getEnclosingClass();
		}
		return owner;
	}

	/**
	 * An inner class, as JUnit's {@code @Nested} ones are (a static one stands alone).
	 */
	private static boolean isNested(Class<?> testClass) {
		return testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers());
	}

	/** Puts the class's database ahead of every other property source. */
	private record PointAtDatabase(Class<?> testClass) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("database of " + this.testClass.getSimpleName(),
						of(this.testClass).springProperties()));
		}

	}

}
