package com.lumiku.worker.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The business entities page: what the worker did to one subscription, payment, user or
 * generation, and the run that did it ({@link EntityTrail}).
 */
@Controller
class EntitiesPage {

	private final EntityTrail trail;

	EntitiesPage(EntityTrail trail) {
		this.trail = trail;
	}

	@GetMapping("/console/entities")
	String entities(@RequestParam(defaultValue = "user") String kind, @RequestParam(defaultValue = "") String id,
			Model model) {
		if (!EntityTrail.KINDS.contains(kind)) {
			throw new IllegalArgumentException("kind must be one of " + EntityTrail.KINDS + ", got '" + kind + "'");
		}
		model.addAttribute("kinds", EntityTrail.KINDS);
		model.addAttribute("kind", kind);
		model.addAttribute("id", id);
		if (!id.isBlank()) {
			if (id.length() > 100) {
				throw new IllegalArgumentException("an id is at most 100 characters");
			}
			model.addAttribute("events", this.trail.find(kind, id.trim()));
		}
		return "console/entities";
	}

}
