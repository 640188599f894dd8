package com.lumiku.worker.run;

/**
 * A run that must not start because of another run: the job is already running, or the
 * same period (run key) already completed.
 */
public class JobConflictException extends RuntimeException {

	public JobConflictException(String message) {
		super(message);
	}

}
