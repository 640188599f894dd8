package com.lumiku.worker.partition;

/** A partition or archive step that could not be done; the message says which and why. */
public class PartitionException extends RuntimeException {

	PartitionException(String message) {
		super(message);
	}

	PartitionException(String message, Throwable cause) {
		super(message, cause);
	}

}
