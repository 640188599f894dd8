package com.lumiku.worker.run;

import java.util.List;

/** Parameters a job does not accept; lists every problem. */
public class InvalidJobParametersException extends RuntimeException {

	private final List<String> problems;

	public InvalidJobParametersException(String job, List<String> problems) {
		super("Invalid parameters for job '" + job + "': " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
