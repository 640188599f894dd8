package com.lumiku.worker.security;

/**
 * Who presented a token: the token's configured name (what the audit records, never the
 * token) and its role.
 *
 * @param name the token's name, e.g. {@code ops} or {@code api}
 * @param role what it may do
 */
public record TokenHolder(String name, TokenRole role) {

	/** Whether this holder may take actions. */
	public boolean mayAct() {
		return this.role.mayAct();
	}

}
