package com.lumiku.worker.console;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page needs: who is logged in ({@code me}), the session's CSRF token
 * ({@code csrf}) for its forms, and how often a live page reloads.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

	private final ConsoleProperties properties;

	private final ConsoleSessions sessions;

	ConsoleModel(ConsoleProperties properties, ConsoleSessions sessions) {
		this.properties = properties;
		this.sessions = sessions;
	}

	@ModelAttribute
	void common(HttpServletRequest request, Model model) {
		if (request.getAttribute(ConsoleAuthFilter.SESSION) instanceof ConsoleSessions.Session session) {
			model.addAttribute("me", session.operator());
			model.addAttribute("csrf", session.csrfToken());
			if (!"POST".equals(request.getMethod())) {
				this.sessions.takeNotice(session).ifPresent((notice) -> model.addAttribute("notice", notice));
			}
		}
		model.addAttribute("refreshSeconds", Math.max(1, this.properties.refreshInterval().toSeconds()));
	}

	/** The session of a request that passed {@link ConsoleAuthFilter}. */
	static ConsoleSessions.Session session(HttpServletRequest request) {
		return (ConsoleSessions.Session) request.getAttribute(ConsoleAuthFilter.SESSION);
	}

}
