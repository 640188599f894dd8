package com.lumiku.worker.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/**} with a bearer token ({@code LUMIKU_API_TOKEN}). Without a
 * configured token the API refuses every call (503) and says why; a missing or wrong
 * token is a 401. The comparison takes constant time.
 */
@Component
class ApiTokenFilter extends OncePerRequestFilter {

	private final byte[] token;

	ApiTokenFilter(@Value("${lumiku.api.token:}") String token) {
		this.token = token.isBlank() ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.token.length == 0) {
			reject(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
					"The operator API is disabled: set LUMIKU_API_TOKEN on the worker to enable it");
			return;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		byte[] presented = (header != null && header.startsWith("Bearer "))
				? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (!MessageDigest.isEqual(this.token, presented)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lumiku-worker\"");
			reject(response, HttpServletResponse.SC_UNAUTHORIZED,
					"Missing or wrong bearer token: send 'Authorization: Bearer <LUMIKU_API_TOKEN>'");
			return;
		}
		chain.doFilter(request, response);
	}

	private static void reject(HttpServletResponse response, int status, String message) throws IOException {
		ApiErrors.write(response, status, message);
	}

}
