package com.lumiku.worker.run;

/** An execution id that does not exist. */
public class NoSuchRunException extends RuntimeException {

	public NoSuchRunException(long executionId) {
		super("No job execution with id " + executionId);
	}

}
