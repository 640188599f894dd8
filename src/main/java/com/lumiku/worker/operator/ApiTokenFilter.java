package com.lumiku.worker.operator;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.audit.Actor;
import com.lumiku.worker.audit.AuditedAction;
import com.lumiku.worker.audit.OperatorAction;
import com.lumiku.worker.audit.OperatorAudit;
import com.lumiku.worker.security.NamedTokens;
import com.lumiku.worker.security.TokenHolder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/**} with named bearer tokens: {@code LUMIKU_API_TOKENS}
 * ({@code name:role:token,...}, role {@code operator} or {@code read-only}) and
 * {@code LUMIKU_API_TOKEN} (the operator {@code api}), compared by {@link NamedTokens} in
 * constant time. Without any token the API refuses every call (503) and says why; a
 * missing or wrong token is a 401. A read-only token may read (GET, HEAD); anything else
 * is a 403, recorded in the operator audit. The holder of an accepted token is left in
 * the request attribute {@link #HOLDER} for the audit.
 */
@Component
class ApiTokenFilter extends OncePerRequestFilter {

	/** Request attribute holding the {@link TokenHolder} of an accepted call. */
	static final String HOLDER = "com.lumiku.worker.operator.ApiTokenFilter.holder";

	private static final Pattern ACTION = Pattern
		.compile("/api/jobs/(?:runs/(\\d{1,18})/(stop|restart)|reload|([^/]+)/(runs|pause|resume))/?");

	private final NamedTokens tokens;

	private final Optional<OperatorAudit> audit;

	ApiTokenFilter(@Value("${lumiku.api.tokens:}") String tokens, @Value("${lumiku.api.token:}") String token,
			Optional<OperatorAudit> audit) {
		this.tokens = NamedTokens.parse("lumiku.api.tokens", tokens, token);
		this.audit = audit;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.tokens.configured()) {
			reject(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
					"The operator API is disabled: set LUMIKU_API_TOKEN or LUMIKU_API_TOKENS on the worker to enable it");
			return;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		String presented = (header != null && header.startsWith("Bearer ")) ? header.substring(7).trim() : "";
		Optional<TokenHolder> holder = this.tokens.find(presented);
		if (holder.isEmpty()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lumiku-worker\"");
			reject(response, HttpServletResponse.SC_UNAUTHORIZED,
					"Missing or wrong bearer token: send 'Authorization: Bearer <token>' "
							+ "(LUMIKU_API_TOKEN or one of LUMIKU_API_TOKENS)");
			return;
		}
		if (!holder.get().mayAct() && !isRead(request)) {
			String reason = "token '" + holder.get().name() + "' is read-only: it may list and show, not act";
			auditedAction(request, holder.get()).ifPresent((action) -> this.audit.get().refused(action, reason));
			reject(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden: " + reason);
			return;
		}
		request.setAttribute(HOLDER, holder.get());
		chain.doFilter(request, response);
	}

	private static boolean isRead(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
	}

	/** The operator action a refused request asked for, if it names one. */
	private Optional<AuditedAction> auditedAction(HttpServletRequest request, TokenHolder holder) {
		Matcher path = ACTION.matcher(request.getRequestURI());
		if (this.audit.isEmpty() || !path.matches()) {
			return Optional.empty();
		}
		Actor actor = Actor.api(holder.name());
		if (path.group(1) != null) {
			OperatorAction action = path.group(2).equals("stop") ? OperatorAction.STOP : OperatorAction.RESTART;
			return Optional.of(AuditedAction.onExecution(actor, action, Long.parseLong(path.group(1))));
		}
		if (path.group(3) == null) {
			return Optional.of(AuditedAction.reload(actor));
		}
		OperatorAction action = switch (path.group(4)) {
			case "runs" -> OperatorAction.RUN;
			case "pause" -> OperatorAction.PAUSE;
			default -> OperatorAction.RESUME;
		};
		return Optional.of(AuditedAction.onJob(actor, action, path.group(3)));
	}

	private static void reject(HttpServletResponse response, int status, String message) throws IOException {
		ApiErrors.write(response, status, message);
	}

}
