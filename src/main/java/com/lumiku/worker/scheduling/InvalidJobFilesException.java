package com.lumiku.worker.scheduling;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Schedule files with problems; the message lists every one as
 * {@code file:line: message}.
 */
public class InvalidJobFilesException extends RuntimeException {

	private final List<JobFileProblem> problems;

	public InvalidJobFilesException(List<JobFileProblem> problems) {
		super("Invalid schedule files:\n" + problems.stream().map(Object::toString).collect(Collectors.joining("\n")));
		this.problems = List.copyOf(problems);
	}

	public List<JobFileProblem> problems() {
		return this.problems;
	}

}
