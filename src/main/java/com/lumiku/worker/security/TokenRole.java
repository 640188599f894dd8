package com.lumiku.worker.security;

/** What a named token may do, on the operator API and in the console alike. */
public enum TokenRole {

	/** Reads everything and takes every action. */
	OPERATOR,

	/** Reads everything (list, show, status, history, audit); every action is refused. */
	READ_ONLY;

	/** Whether this role may take actions (run, stop, restart, pause, resume, reload). */
	public boolean mayAct() {
		return this == OPERATOR;
	}

	static TokenRole parse(String text, String where) {
		return switch (text.trim()) {
			case "operator" -> OPERATOR;
			case "read-only" -> READ_ONLY;
			default -> throw new IllegalArgumentException(where + ": role must be operator or read-only");
		};
	}

}
