package com.lumiku.worker.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's door: {@code GET /} and {@code /console} lead to the jobs page, the login
 * page takes a named token and opens a session, logout closes it, and the stylesheet is
 * served from the class path (static resources are otherwise off). The login form carries
 * its own CSRF token, matched against a short-lived cookie (double submit), so another
 * site cannot log a browser in under its own token.
 */
@Controller
class ConsoleLoginController {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleLoginController.class);

	private static final String LOGIN_COOKIE = "LUMIKU_CONSOLE_LOGIN";

	private final ConsoleTokens tokens;

	private final ConsoleSessions sessions;

	private final ConsoleAuthFilter filter;

	private final ConsoleMetrics metrics;

	private final SecureRandom random = new SecureRandom();

	ConsoleLoginController(ConsoleTokens tokens, ConsoleSessions sessions, ConsoleAuthFilter filter,
			ConsoleMetrics metrics) {
		this.tokens = tokens;
		this.sessions = sessions;
		this.filter = filter;
		this.metrics = metrics;
	}

	@GetMapping({ "/", "/console", "/console/" })
	String home() {
		return "redirect:/console/jobs";
	}

	@GetMapping("/console/login")
	String loginPage(HttpServletRequest request, HttpServletResponse response, Model model) {
		return showLogin(request, response, model, Optional.empty());
	}

	@PostMapping("/console/login")
	String login(@RequestParam(defaultValue = "") String token,
			@RequestParam(name = "_csrf", defaultValue = "") String csrf, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Optional<String> expected = ConsoleAuthFilter.cookie(request, LOGIN_COOKIE);
		if (expected.isEmpty() || !MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
				csrf.getBytes(StandardCharsets.UTF_8))) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return showLogin(request, response, model, Optional.of("The login form expired: try again."));
		}
		Optional<ConsoleTokens.Operator> operator = this.tokens.find(token.trim());
		if (operator.isEmpty()) {
			this.metrics.action("login", "forbidden");
			logger.info("Console login refused from {}: unknown token", request.getRemoteAddr());
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return showLogin(request, response, model, Optional.of("Unknown token."));
		}
		ConsoleSessions.Session session = this.sessions.open(operator.get());
		this.metrics.action("login", "ok");
		logger.info("Console login: {} ({})", operator.get().name(), operator.get().role());
		response.addHeader(HttpHeaders.SET_COOKIE, this.filter.sessionCookie(request, session.id()).toString());
		response.addHeader(HttpHeaders.SET_COOKIE, loginCookie("", 0).toString());
		return "redirect:/console/jobs";
	}

	@PostMapping("/console/logout")
	String logout(HttpServletRequest request, HttpServletResponse response) {
		this.sessions.close(ConsoleAuthFilter.cookie(request, ConsoleAuthFilter.COOKIE).orElse(null));
		response.addHeader(HttpHeaders.SET_COOKIE, this.filter.clearedCookie(request).toString());
		return "redirect:/console/login";
	}

	@GetMapping("/console/console.css")
	ResponseEntity<Resource> stylesheet() {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)))
			.body(new ClassPathResource("static/console/console.css"));
	}

	private String showLogin(HttpServletRequest request, HttpServletResponse response, Model model,
			Optional<String> error) {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		response.addHeader(HttpHeaders.SET_COOKIE, loginCookie(csrf, 600).toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("csrf", csrf);
		model.addAttribute("error", error.orElse(null));
		model.addAttribute("configured", this.tokens.configured());
		return "console/login";
	}

	private static ResponseCookie loginCookie(String value, long maxAgeSeconds) {
		return ResponseCookie.from(LOGIN_COOKIE, value)
			.path("/console/login")
			.httpOnly(true)
			.sameSite("Strict")
			.maxAge(maxAgeSeconds)
			.build();
	}

}
