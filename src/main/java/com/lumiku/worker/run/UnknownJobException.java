package com.lumiku.worker.run;

import java.util.Set;

/** A job name that is not in the {@link JobCatalog}. */
public class UnknownJobException extends RuntimeException {

	public UnknownJobException(String name, Set<String> known) {
		super("Unknown job '" + name + "'; known jobs: " + String.join(", ", known));
	}

	private UnknownJobException(String message) {
		super(message);
	}

	/** The same error reported by a remote worker's API. */
	public static final class Remote extends UnknownJobException {

		public Remote(String message) {
			super(message);
		}

	}

}
