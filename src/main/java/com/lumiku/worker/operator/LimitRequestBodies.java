package com.lumiku.worker.operator;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code lumiku.api.max-request-size} (default 64 KiB) with a
 * 413 in the API's error shape, before anything reads them: a declared
 * {@code Content-Length} over the limit is refused unread, and a body without one
 * (chunked, HTTP/2) is read at most one byte past the limit. A body within the limit is
 * handed on from memory, except a form of a declared length (the console's), left for the
 * servlet container to parse.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class LimitRequestBodies extends OncePerRequestFilter {

	private final long limit;

	LimitRequestBodies(@Value("${lumiku.api.max-request-size:64KB}") DataSize limit) {
		if (limit.toBytes() < 1) {
			throw new IllegalArgumentException("lumiku.api.max-request-size must be at least 1B, got " + limit);
		}
		this.limit = limit.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			refuse(response);
			return;
		}
		if (declared == 0 || (declared > 0 && isForm(request))) {
			// a form of a declared length within the limit (the console's) is left
			// unread,
			// so the servlet container can still parse its parameters
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) this.limit + 1);
		if (body.length > this.limit) {
			refuse(response);
			return;
		}
		chain.doFilter(new BufferedBody(request, body), response);
	}

	private void refuse(HttpServletResponse response) throws IOException {
		// The client may still be sending: do not keep the connection for the rest.
		response.setHeader("Connection", "close");
		ApiErrors.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
				"Request body too large: the limit is " + describe(this.limit)
						+ " (lumiku.api.max-request-size, LUMIKU_API_MAX_REQUEST_SIZE)");
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	static String describe(long bytes) {
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MiB";
		}
		if (bytes % 1024 == 0) {
			return (bytes / 1024) + " KiB";
		}
		return bytes + " bytes";
	}

	/** The request with its (bounded) body read into memory. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
