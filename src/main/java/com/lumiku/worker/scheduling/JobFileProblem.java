package com.lumiku.worker.scheduling;

import java.nio.file.Path;

/**
 * One problem in a schedule file.
 *
 * @param file the file
 * @param line 1-based line, 0 when the problem is not on a line
 * @param message what is wrong
 */
public record JobFileProblem(Path file, int line, String message) {

	@Override
	public String toString() {
		return this.file + ((this.line > 0) ? ":" + this.line : "") + ": " + this.message;
	}

}
