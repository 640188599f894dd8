package com.lumiku.worker.operator;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.NoSuchRunException;
import com.lumiku.worker.run.UnknownJobException;
import com.lumiku.worker.scheduling.InvalidJobFilesException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every operator API error as JSON: {@code {"status": 404, "error": "...", "problems":
 * [...]}}, for every path under {@code /api/}: the controller's errors, and the ones
 * Spring MVC raises before a controller is chosen (404 no such path, 405, 415). The
 * filters ({@link ApiTokenFilter}, {@link LimitRequestBodies}) write the same shape with
 * {@link #write}. Messages are {@link ShortText shortened}: a long value sent by the
 * operator is never echoed whole.
 */
@RestControllerAdvice
class ApiErrors {

	/** The error body. */
	record ApiError(int status, String error, List<String> problems) {
	}

	private static final Logger logger = LoggerFactory.getLogger(ApiErrors.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	@ExceptionHandler(UnknownJobException.class)
	ResponseEntity<ApiError> unknownJob(UnknownJobException ex) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage(), List.of());
	}

	@ExceptionHandler(NoSuchRunException.class)
	ResponseEntity<ApiError> unknownRun(NoSuchRunException ex) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage(), List.of());
	}

	@ExceptionHandler(InvalidJobParametersException.class)
	ResponseEntity<ApiError> badParameters(InvalidJobParametersException ex) {
		return error(HttpStatus.BAD_REQUEST, "Invalid job parameters", ex.problems());
	}

	@ExceptionHandler(InvalidJobFilesException.class)
	ResponseEntity<ApiError> badFiles(InvalidJobFilesException ex) {
		return error(HttpStatus.BAD_REQUEST, "Invalid schedule files; nothing was changed",
				ex.problems().stream().map(Object::toString).toList());
	}

	@ExceptionHandler({ IllegalArgumentException.class, HttpMessageNotReadableException.class })
	ResponseEntity<ApiError> badRequest(Exception ex, HttpServletRequest request) throws Exception {
		requireApi(ex, request);
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof JacksonException malformed) {
				return error(HttpStatus.BAD_REQUEST, malformedJson(malformed), List.of());
			}
		}
		return error(HttpStatus.BAD_REQUEST, WorkerCommand.reason(ex), List.of());
	}

	/**
	 * A body Jackson could not read, said plainly: where (line and column, or byte), in
	 * which field, and what, without Jackson's source and class names.
	 */
	static String malformedJson(JacksonException ex) {
		String what = String.valueOf(ex.getOriginalMessage())
			.lines()
			.findFirst()
			.orElse("")
			.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
			.replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
			.replaceAll("\\s*\\(through reference chain:.*\\)$", "")
			.replace("`", "")
			.replaceAll("\\s*\\(token JsonToken\\.[A-Z_]+\\)", "")
			.replaceAll("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.([A-Z][A-Za-z0-9]*\\$)?([A-Z][A-Za-z0-9]*)", "$3")
			.strip();
		TokenStreamLocation location = ex.getLocation();
		String where = "";
		if (location != null && location.getLineNr() > 0 && location.getColumnNr() > 0) {
			where = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
		}
		else if (location != null && location.getByteOffset() >= 0) {
			where = " at byte " + location.getByteOffset();
		}
		String field = ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
			.map((path) -> " in '" + path + "'")
			.orElse("");
		return "Malformed JSON body" + where + field + ": " + what;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ApiError> badPathOrQuery(MethodArgumentTypeMismatchException ex, HttpServletRequest request)
			throws Exception {
		requireApi(ex, request);
		String expected = isNumber(ex.getRequiredType()) ? "a number" : "a " + ex.getRequiredType().getSimpleName();
		return error(HttpStatus.BAD_REQUEST, words(ex.getName()) + " must be " + expected + ", got '"
				+ ShortText.value(String.valueOf(ex.getValue())) + "'", List.of());
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request)
			throws Exception {
		requireApi(ex, request);
		return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + ex.getContentType()
				+ "' is not supported: send a JSON body with 'Content-Type: application/json'", List.of());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request)
			throws Exception {
		requireApi(ex, request);
		String allowed = (ex.getSupportedMethods() != null) ? String.join(", ", ex.getSupportedMethods()) : "none";
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header(HttpHeaders.ALLOW, allowed)
			.body(body(HttpStatus.METHOD_NOT_ALLOWED,
					ex.getMethod() + " is not allowed on " + request.getRequestURI() + "; allowed: " + allowed,
					List.of()));
	}

	@ExceptionHandler({ NoHandlerFoundException.class, NoResourceFoundException.class })
	ResponseEntity<ApiError> noSuchPath(Exception ex, HttpServletRequest request) throws Exception {
		requireApi(ex, request);
		return error(HttpStatus.NOT_FOUND,
				"No such API path: " + request.getMethod() + " " + ShortText.value(request.getRequestURI()), List.of());
	}

	@ExceptionHandler(JobConflictException.class)
	ResponseEntity<ApiError> conflict(JobConflictException ex) {
		return error(HttpStatus.CONFLICT, ex.getMessage(), List.of());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> unexpected(Exception ex, HttpServletRequest request) throws Exception {
		requireApi(ex, request);
		if (ex instanceof ErrorResponse response && response.getStatusCode().value() < 500) {
			// Spring MVC's own client errors (missing parameter, 406, ...)
			return error(response.getStatusCode(), WorkerCommand.reason(ex), List.of());
		}
		if (isDatabaseUnavailable(ex)) {
			logger.warn("Operator API call failed, database unavailable: {}", WorkerCommand.reason(ex));
			return error(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable: " + WorkerCommand.reason(ex),
					List.of());
		}
		logger.error("Operator API call failed: {}", ShortText.message(ex.getMessage()), ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, WorkerCommand.reason(ex), List.of());
	}

	/**
	 * Whether the failure is the database being out of reach (connection refused or lost,
	 * pool exhausted): SQL state class 08 or Spring's resource failure, anywhere in the
	 * cause chain (Quartz and Spring Batch wrap it).
	 */
	static boolean isDatabaseUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Writes an error in the API's shape from a servlet filter.
	 * @param response the response, not yet committed
	 * @param status the HTTP status
	 * @param message the error
	 * @throws IOException when the client is gone
	 */
	static void write(HttpServletResponse response, int status, String message) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write(json.writeValueAsString(new ApiError(status, ShortText.message(message), List.of())));
	}

	/**
	 * Leaves errors outside the operator API (the actuator's, say) to Spring's defaults:
	 * rethrowing from an exception handler passes the exception on.
	 */
	private static void requireApi(Exception ex, HttpServletRequest request) throws Exception {
		if (!request.getRequestURI().startsWith("/api/")) {
			throw ex;
		}
	}

	private static boolean isNumber(Class<?> type) {
		return type != null && (Number.class.isAssignableFrom(type) || type == long.class || type == int.class
				|| type == short.class || type == double.class || type == float.class);
	}

	/** {@code executionId} as {@code execution id}. */
	private static String words(String name) {
		return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
	}

	private static ResponseEntity<ApiError> error(HttpStatusCode status, String message, List<String> problems) {
		return ResponseEntity.status(status).body(body(status, message, problems));
	}

	private static ApiError body(HttpStatusCode status, String message, List<String> problems) {
		return new ApiError(status.value(), ShortText.message(message),
				problems.stream().map(ShortText::message).toList());
	}

}
