package com.lumiku.worker.audit;

import java.util.List;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit[?job=NAME&actor=NAME&limit=N]}: the operator audit trail, newest
 * first. Behind the API's token filter like every {@code /api} path; a read-only token
 * may read it.
 */
@RestController
class AuditController {

	private final AuditQueries queries;

	AuditController(AuditQueries queries) {
		this.queries = queries;
	}

	@GetMapping("/api/audit")
	List<AuditEntry> recent(@RequestParam Optional<String> job, @RequestParam Optional<String> actor,
			@RequestParam(defaultValue = "50") int limit) {
		return this.queries.recent(job, actor, limit);
	}

}
