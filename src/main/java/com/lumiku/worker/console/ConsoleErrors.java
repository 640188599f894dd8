package com.lumiku.worker.console;

import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobConflictException;
import com.lumiku.worker.run.NoSuchRunException;
import com.lumiku.worker.run.UnknownJobException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The console's errors as a page (the API's stay JSON, {@code operator/ApiErrors}): 404
 * unknown job or run, 409 a conflict (already running, completed, running on a live
 * worker), 400 bad input, 500 anything else (logged once).
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleErrors.class);

	@ExceptionHandler({ UnknownJobException.class, NoSuchRunException.class })
	String notFound(RuntimeException ex, HttpServletResponse response, Model model) {
		return page(response, model, 404, ex.getMessage());
	}

	@ExceptionHandler(JobConflictException.class)
	String conflict(JobConflictException ex, HttpServletResponse response, Model model) {
		return page(response, model, 409, ex.getMessage());
	}

	@ExceptionHandler({ IllegalArgumentException.class, InvalidJobParametersException.class,
			MethodArgumentTypeMismatchException.class })
	String badRequest(Exception ex, HttpServletResponse response, Model model) {
		return page(response, model, 400, ex.getMessage());
	}

	@ExceptionHandler(Exception.class)
	String unexpected(Exception ex, HttpServletResponse response, Model model) {
		if (ex instanceof org.springframework.web.ErrorResponse error && error.getStatusCode().value() < 500) {
			// Spring MVC's own client errors: a missing field, a wrong method, ...
			return page(response, model, error.getStatusCode().value(), ex.getMessage());
		}
		logger.error("Console request failed: {}", ex.getMessage(), ex);
		return page(response, model, 500, ex.getMessage());
	}

	private static String page(HttpServletResponse response, Model model, int status, String message) {
		response.setStatus(status);
		model.addAttribute("status", status);
		model.addAttribute("message", com.lumiku.worker.operator.ShortText.message(message));
		return "console/error";
	}

}
