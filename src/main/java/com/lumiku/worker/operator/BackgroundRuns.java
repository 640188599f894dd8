package com.lumiku.worker.operator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RestartRun;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.run.RunningExecutions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * Runs and restarts that the caller does not wait for: started on a thread of their own,
 * the caller answered as soon as the execution exists, or with the reason it could not
 * start (unknown job, bad parameters, already running, a run key that completed, a failed
 * launch), never with a timeout that hides it.
 */
@Component
class BackgroundRuns {

	private static final Logger logger = LoggerFactory.getLogger(BackgroundRuns.class);

	/** How long a background run may take to exist before the caller is answered. */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final JobRuns runs;

	private final RestartRun restartRun;

	private final RunningExecutions runningHere;

	private final ExecutorService threads = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "lumiku-manual-run");
		thread.setDaemon(true);
		return thread;
	});

	BackgroundRuns(JobRuns runs, RestartRun restartRun, RunningExecutions runningHere) {
		this.runs = runs;
		this.restartRun = restartRun;
		this.runningHere = runningHere;
	}

	/**
	 * Starts a run and returns its execution id as soon as the execution exists.
	 * @param request what to run
	 * @return the id of the started execution
	 */
	long start(RunRequest request) {
		return inBackground(() -> this.runs.run(request), "Run of '" + request.jobName() + "'");
	}

	/**
	 * Restarts an execution once, in the background, after checking in the calling thread
	 * that it can be restarted (so the caller gets the reason it cannot), and returns the
	 * new execution's id as soon as it exists.
	 * @param executionId the execution to restart
	 * @return the id of the new execution
	 */
	long restart(long executionId) {
		this.restartRun.check(executionId);
		return inBackground(() -> this.restartRun.restart(executionId), "Restart of execution " + executionId);
	}

	/**
	 * Launches on a thread of its own and answers with the execution's id as soon as it
	 * exists, or with the reason the launch failed.
	 */
	private long inBackground(Supplier<JobExecution> launch, String what) {
		CompletableFuture<JobExecution> started = new CompletableFuture<>();
		this.threads.submit(() -> {
			try {
				this.runningHere.onNextStartInThisThread(started::complete);
				started.complete(launch.get());
			}
			catch (Throwable ex) {
				logger.debug("{} failed: {}", what, ex.getMessage());
				started.completeExceptionally(ex);
			}
			finally {
				this.runningHere.clearOnNextStart();
			}
		});
		return awaitStart(started, what).getId();
	}

	private static JobExecution awaitStart(CompletableFuture<JobExecution> started, String what) {
		try {
			return started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(what + " could not start: " + cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(what + " did not start within " + START_TIMEOUT.toSeconds()
					+ " s; it may still start (see jobs history)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
