package com.lumiku.worker.console;

import java.util.Optional;

import com.lumiku.worker.security.NamedTokens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The tokens that log in to the console, each with a name and a role. Configured as
 * {@code name:role:token,...} ({@code LUMIKU_CONSOLE_TOKENS}); {@code LUMIKU_API_TOKEN}
 * logs in too, as the operator {@code api}. Parsed and compared by {@link NamedTokens},
 * the operator API's parser: SHA-256 digests only, every token compared in constant time,
 * never logged.
 */
@Component
class ConsoleTokens {

	static final int MIN_LENGTH = NamedTokens.MIN_LENGTH;

	/** Who logged in. */
	record Operator(String name, Role role) {

		public boolean mayAct() {
			return this.role == Role.OPERATOR;
		}

	}

	/** What a token may do. */
	enum Role {

		/** Sees every page and takes every action. */
		OPERATOR,

		/** Sees every page; every action is refused (403). */
		READ_ONLY

	}

	private final NamedTokens tokens;

	ConsoleTokens(ConsoleProperties properties, @Value("${lumiku.api.token:}") String apiToken) {
		this.tokens = NamedTokens.parse("lumiku.console.tokens", properties.tokens(), apiToken);
	}

	/**
	 * The operator a token belongs to.
	 * @param presented the token typed at the login page
	 * @return who it is, or empty for an unknown token
	 */
	Optional<Operator> find(String presented) {
		return this.tokens.find(presented)
			.map((holder) -> new Operator(holder.name(), holder.mayAct() ? Role.OPERATOR : Role.READ_ONLY));
	}

	/** Whether any token can log in. */
	boolean configured() {
		return this.tokens.configured();
	}

}
