package com.lumiku.worker.console;

import java.time.Instant;
import java.util.Optional;

import com.lumiku.worker.generation.GenerationTable;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The generation queue page (depth per app and status, oldest pending, throughput, the
 * newest failures, the console's last bulk actions) and its two bulk actions, each in two
 * steps: a preview that counts the rows and changes nothing, then a confirmation that
 * acts ({@link BulkQueueActions}).
 */
@Controller
class QueuePage {

	private final QueueOverview overview;

	private final BulkQueueActions bulk;

	private final ConsoleAudit audit;

	private final ConsoleSessions sessions;

	QueuePage(QueueOverview overview, BulkQueueActions bulk, ConsoleAudit audit, ConsoleSessions sessions) {
		this.overview = overview;
		this.bulk = bulk;
		this.audit = audit;
		this.sessions = sessions;
	}

	@GetMapping("/console/queue")
	String queue(Model model) {
		model.addAttribute("apps", this.overview.apps());
		model.addAttribute("failures", this.overview.recentFailures(20));
		model.addAttribute("actions", this.audit.recent(Optional.of("bulk-"), 10));
		model.addAttribute("appNames", GenerationTable.ALL.stream().map(GenerationTable::app).toList());
		return "console/queue";
	}

	@PostMapping("/console/queue/retry/preview")
	String previewRetry(@RequestParam String app, @RequestParam String since,
			@RequestParam(defaultValue = "false") boolean includeRefunded, Model model) {
		BulkQueueActions.RetryFilter filter = retryFilter(app, since, includeRefunded);
		model.addAttribute("kind", "retry");
		model.addAttribute("preview", this.bulk.preview(filter));
		model.addAttribute("filterText", filter.describe());
		model.addAttribute("app", app);
		model.addAttribute("since", since);
		model.addAttribute("includeRefunded", includeRefunded);
		return "console/confirm";
	}

	@PostMapping("/console/queue/retry")
	String retry(@RequestParam String app, @RequestParam String since,
			@RequestParam(defaultValue = "false") boolean includeRefunded, @RequestParam long previewed,
			HttpServletRequest request) {
		BulkQueueActions.Done result = this.bulk.retry(ConsoleModel.session(request).operator(),
				retryFilter(app, since, includeRefunded), previewed);
		this.sessions.notice(ConsoleModel.session(request), "Retried " + result.changed() + " failed rows of " + app
				+ " (previewed " + previewed + "); audit action " + result.actionId() + ".");
		return "redirect:/console/queue";
	}

	@PostMapping("/console/queue/cancel/preview")
	String previewCancel(@RequestParam(defaultValue = "") String app, @RequestParam String userId, Model model) {
		BulkQueueActions.CancelFilter filter = cancelFilter(app, userId);
		model.addAttribute("kind", "cancel");
		model.addAttribute("preview", this.bulk.preview(filter));
		model.addAttribute("filterText", filter.describe());
		model.addAttribute("app", app);
		model.addAttribute("userId", userId);
		return "console/confirm";
	}

	@PostMapping("/console/queue/cancel")
	String cancel(@RequestParam(defaultValue = "") String app, @RequestParam String userId,
			@RequestParam long previewed, HttpServletRequest request) {
		BulkQueueActions.Done result = this.bulk.cancel(ConsoleModel.session(request).operator(),
				cancelFilter(app, userId), previewed);
		this.sessions.notice(ConsoleModel.session(request), "Cancelled " + result.changed() + " pending rows of user "
				+ userId + " (previewed " + previewed + "); audit action " + result.actionId() + ".");
		return "redirect:/console/queue";
	}

	private static BulkQueueActions.RetryFilter retryFilter(String app, String since, boolean includeRefunded) {
		Instant from = RunsPage.time("since", since)
			.orElseThrow(() -> new IllegalArgumentException("since is required: the time the failures began (UTC)"));
		return new BulkQueueActions.RetryFilter(table(app), from, includeRefunded);
	}

	private static BulkQueueActions.CancelFilter cancelFilter(String app, String userId) {
		if (userId.isBlank() || userId.length() > 100) {
			throw new IllegalArgumentException("user id is required (at most 100 characters)");
		}
		return new BulkQueueActions.CancelFilter(app.isBlank() ? Optional.empty() : Optional.of(table(app)),
				userId.trim());
	}

	private static GenerationTable table(String app) {
		return GenerationTable.ofApp(app)
			.orElseThrow(() -> new IllegalArgumentException("unknown app '" + app + "'; apps are "
					+ GenerationTable.ALL.stream().map(GenerationTable::app).toList()));
	}

}
