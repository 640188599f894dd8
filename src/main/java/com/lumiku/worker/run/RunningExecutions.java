package com.lumiku.worker.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The executions this JVM is running right now, each with the thread that runs it. A run
 * is registered when it starts ({@link JobRunListener}, before its owner row is written)
 * and released when the launch that ran it returns ({@link LaunchJob}), after Spring
 * Batch's last save of it. An execution that the database says this worker runs but that
 * is not here has no thread behind it (its launch ended without saving its end, e.g. the
 * database went away under it): {@link RecoverOrphanedRuns} makes it restartable.
 */
@Component
public class RunningExecutions {

	private final Map<Long, Thread> running = new ConcurrentHashMap<>();

	private final ThreadLocal<Consumer<JobExecution>> onStart = new ThreadLocal<>();

	/** Called by the job's listener in the thread that runs the execution. */
	void register(JobExecution execution) {
		this.running.put(execution.getId(), Thread.currentThread());
	}

	/**
	 * Called by the job's listener once the execution is registered and claimed: tells a
	 * caller waiting for it to begin.
	 */
	void started(JobExecution execution) {
		Consumer<JobExecution> callback = this.onStart.get();
		if (callback != null) {
			this.onStart.remove();
			callback.accept(execution);
		}
	}

	/**
	 * Releases every execution the calling thread ran: its launch has returned.
	 */
	void releaseCurrentThread() {
		Thread current = Thread.currentThread();
		this.running.values().removeIf(current::equals);
	}

	/**
	 * Whether a thread of this JVM is running the execution.
	 * @param executionId the execution
	 * @return true while its launch has not returned and its thread lives
	 */
	public boolean isRunningHere(long executionId) {
		return Optional.ofNullable(this.running.get(executionId)).filter(Thread::isAlive).isPresent();
	}

	/**
	 * Tells the next execution this thread starts to a callback, once it exists (for a
	 * caller that waits in another thread for a run to begin).
	 * @param callback given the execution as it starts
	 */
	public void onNextStartInThisThread(Consumer<JobExecution> callback) {
		this.onStart.set(callback);
	}

	/** Forgets a callback that no start consumed. */
	public void clearOnNextStart() {
		this.onStart.remove();
	}

}
