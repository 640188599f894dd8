package com.lumiku.worker.console;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Guards {@code /console/**}: a page needs a live session (else the browser is sent to
 * the login page), every POST needs the session's CSRF token in its {@code _csrf} field
 * (else 403), and a read-only operator's POST is refused (403) whatever it asks, except
 * logging out. The login page and the stylesheet are open. The session is put on the
 * request for the controllers ({@link #SESSION}).
 */
@Component
class ConsoleAuthFilter extends OncePerRequestFilter {

	static final String COOKIE = "LUMIKU_CONSOLE";

	static final String SESSION = ConsoleAuthFilter.class.getName() + ".session";

	private final ConsoleSessions sessions;

	private final ConsoleProperties properties;

	private final ConsoleAudit audit;

	ConsoleAuthFilter(ConsoleSessions sessions, ConsoleProperties properties, ConsoleAudit audit) {
		this.sessions = sessions;
		this.properties = properties;
		this.audit = audit;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(path.equals("/console") || path.startsWith("/console/")) || path.equals("/console/login")
				|| path.equals("/console/console.css");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<ConsoleSessions.Session> session = this.sessions.find(cookie(request, COOKIE).orElse(null));
		boolean post = "POST".equals(request.getMethod());
		if (session.isEmpty()) {
			if (post) {
				refuse(response, "Your session has ended: log in again.");
			}
			else {
				response.sendRedirect("/console/login");
			}
			return;
		}
		if (post && !session.get().csrfMatches(request.getParameter("_csrf"))) {
			this.audit.refused(session.get().operator(), request.getRequestURI(), "missing or wrong CSRF token");
			refuse(response, "This form has expired or did not come from the console: reload the page and try again.");
			return;
		}
		if (post && !session.get().operator().mayAct() && !request.getRequestURI().equals("/console/logout")) {
			this.audit.refused(session.get().operator(), request.getRequestURI(), "read-only token");
			refuse(response, "Refused: '" + session.get().operator().name()
					+ "' logged in with a read-only token, which can look but not act.");
			return;
		}
		request.setAttribute(SESSION, session.get());
		chain.doFilter(request, response);
	}

	/** The session cookie for a new session. */
	ResponseCookie sessionCookie(HttpServletRequest request, String value) {
		return ResponseCookie.from(COOKIE, value)
			.path("/console")
			.httpOnly(true)
			.sameSite("Strict")
			.secure(secure(request))
			.build();
	}

	/** Clears the session cookie. */
	ResponseCookie clearedCookie(HttpServletRequest request) {
		return ResponseCookie.from(COOKIE, "")
			.path("/console")
			.httpOnly(true)
			.sameSite("Strict")
			.secure(secure(request))
			.maxAge(0)
			.build();
	}

	private boolean secure(HttpServletRequest request) {
		return switch (this.properties.secureCookie()) {
			case ALWAYS -> true;
			case NEVER -> false;
			case AUTO -> request.isSecure();
		};
	}

	static Optional<String> cookie(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		return Arrays.stream(cookies).filter((c) -> c.getName().equals(name)).map(Cookie::getValue).findFirst();
	}

	private static void refuse(HttpServletResponse response, String message) throws IOException {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("text/html");
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getWriter()
			.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>403 refused</title>"
					+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
					+ "<link rel=\"stylesheet\" href=\"/console/console.css\"></head><body><main>"
					+ "<h1>403 refused</h1><p class=\"error\" id=\"refused\">" + HtmlUtils.htmlEscape(message)
					+ "</p><p><a href=\"/console/jobs\">Back to the console</a></p></main></body></html>");
	}

}
