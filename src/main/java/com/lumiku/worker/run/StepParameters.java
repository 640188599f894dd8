package com.lumiku.worker.run;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * Marks the bean method that binds a job's parameter record from its job parameters
 * ({@code @Value("#{jobParameters}")} and {@link JobDescriptor#bind}): Spring Batch's
 * step scope, once per step execution, without a proxy (a record cannot be subclassed),
 * so inject it only into other step-scoped beans (the step's tasklet, its partitioner).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Scope(value = "step", proxyMode = ScopedProxyMode.NO)
public @interface StepParameters {

}
