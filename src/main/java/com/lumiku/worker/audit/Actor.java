package com.lumiku.worker.audit;

/**
 * Who took an operator action and through which surface.
 *
 * @param surface api, cli or console
 * @param name the token's name (api, console) or {@code cli:<OS user>}; never a token
 */
public record Actor(Surface surface, String name) {

	/** Where an action came from. */
	public enum Surface {

		API, CLI, CONSOLE;

		String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The API caller holding the token named {@code tokenName}. */
	public static Actor api(String tokenName) {
		return new Actor(Surface.API, tokenName);
	}

	/** The console operator logged in with the token named {@code tokenName}. */
	public static Actor console(String tokenName) {
		return new Actor(Surface.CONSOLE, tokenName);
	}

	/** This process's OS user, running the CLI directly on the database. */
	public static Actor cli() {
		return new Actor(Surface.CLI, "cli:" + System.getProperty("user.name", "unknown"));
	}

}
