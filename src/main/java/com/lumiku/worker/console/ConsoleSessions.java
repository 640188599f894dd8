package com.lumiku.worker.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The console's logged-in sessions, in this process's memory: a random id (the cookie) to
 * the operator and the session's CSRF token. A session unused for
 * {@link ConsoleProperties#sessionIdleTimeout()} is gone; a restart logs everyone out.
 * Behind a load balancer over several workers, route a browser to one worker (sticky
 * sessions) or log in on each.
 */
@Component
class ConsoleSessions {

	/** At most this many sessions at once; the oldest idle one makes room. */
	static final int MAX_SESSIONS = 1000;

	/** A logged-in browser. */
	record Session(String id, ConsoleTokens.Operator operator, String csrfToken, Instant lastUsed) {

		/**
		 * Whether a form's CSRF token is this session's, compared in constant time.
		 * @param presented the form's {@code _csrf} field
		 * @return true when it matches
		 */
		boolean csrfMatches(String presented) {
			return presented != null && MessageDigest.isEqual(this.csrfToken.getBytes(StandardCharsets.UTF_8),
					presented.getBytes(StandardCharsets.UTF_8));
		}

	}

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final Map<String, String> notices = new ConcurrentHashMap<>();

	private final ConsoleProperties properties;

	private final Clock clock;

	@org.springframework.beans.factory.annotation.Autowired
	ConsoleSessions(ConsoleProperties properties) {
		this(properties, Clock.systemUTC());
	}

	ConsoleSessions(ConsoleProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/** Opens a session for an operator who logged in. */
	Session open(ConsoleTokens.Operator operator) {
		if (this.sessions.size() >= MAX_SESSIONS) {
			dropExpired();
			this.sessions.values()
				.stream()
				.min(java.util.Comparator.comparing(Session::lastUsed))
				.ifPresent((oldest) -> close(oldest.id()));
		}
		Session session = new Session(randomToken(), operator, randomToken(), this.clock.instant());
		this.sessions.put(session.id(), session);
		return session;
	}

	/**
	 * The live session of a cookie, its idle time restarted.
	 * @param id the cookie's value
	 * @return the session, or empty when unknown or idle too long
	 */
	Optional<Session> find(String id) {
		if (id == null) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		Session session = this.sessions.computeIfPresent(id, (key, found) -> expired(found, now) ? null
				: new Session(found.id(), found.operator(), found.csrfToken(), now));
		return Optional.ofNullable(session);
	}

	void close(String id) {
		if (id != null) {
			this.sessions.remove(id);
			this.notices.remove(id);
		}
	}

	/** Keeps a line to show on the session's next page (what an action did). */
	void notice(Session session, String text) {
		this.notices.put(session.id(), text);
	}

	/** The line kept for this page, once. */
	Optional<String> takeNotice(Session session) {
		return Optional.ofNullable(this.notices.remove(session.id()));
	}

	private boolean expired(Session session, Instant now) {
		return session.lastUsed().plus(this.properties.sessionIdleTimeout()).isBefore(now);
	}

	private void dropExpired() {
		Instant now = this.clock.instant();
		this.sessions.values().removeIf((session) -> expired(session, now));
		this.notices.keySet().retainAll(this.sessions.keySet());
	}

	private String randomToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
