package com.lumiku.worker.operator;

import java.sql.SQLException;
import java.util.List;

import com.lumiku.worker.scheduling.InvalidJobFilesException;
import com.lumiku.worker.scheduling.InvalidJobParametersException;
import com.lumiku.worker.scheduling.JobConflictException;
import com.lumiku.worker.scheduling.NoSuchRunException;
import com.lumiku.worker.scheduling.UnknownJobException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every operator API error as JSON: {@code {"status": 404, "error": "...", "problems":
 * [...]}}.
 */
@RestControllerAdvice(assignableTypes = JobsController.class)
class ApiErrors {

	/** The error body. */
	record ApiError(int status, String error, List<String> problems) {
	}

	private static final Logger logger = LoggerFactory.getLogger(ApiErrors.class);

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

	@ExceptionHandler({ IllegalArgumentException.class, HttpMessageNotReadableException.class,
			MethodArgumentTypeMismatchException.class })
	ResponseEntity<ApiError> badRequest(Exception ex) {
		return error(HttpStatus.BAD_REQUEST, WorkerCommand.reason(ex), List.of());
	}

	@ExceptionHandler(JobConflictException.class)
	ResponseEntity<ApiError> conflict(JobConflictException ex) {
		return error(HttpStatus.CONFLICT, ex.getMessage(), List.of());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> unexpected(Exception ex) {
		if (isDatabaseUnavailable(ex)) {
			logger.warn("Operator API call failed, database unavailable: {}", WorkerCommand.reason(ex));
			return error(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable: " + WorkerCommand.reason(ex),
					List.of());
		}
		logger.error("Operator API call failed: {}", ex.getMessage(), ex);
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

	private static ResponseEntity<ApiError> error(HttpStatus status, String message, List<String> problems) {
		return ResponseEntity.status(status).body(new ApiError(status.value(), message, problems));
	}

}
