package com.lumiku.worker.audit;

import java.util.Arrays;
import java.util.Optional;

/** The operator actions the audit records; each name is what the table stores. */
public enum OperatorAction {

	RUN, STOP, RESTART, PAUSE, RESUME, RELOAD;

	/** The name stored in {@code operator_audit.action}, e.g. {@code run}. */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** The action a stored or typed name stands for. */
	public static Optional<OperatorAction> of(String label) {
		return Arrays.stream(values()).filter((action) -> action.label().equals(label)).findFirst();
	}

}
