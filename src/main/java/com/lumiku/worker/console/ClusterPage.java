package com.lumiku.worker.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The cluster page: every worker, its heartbeat, whether it is alive, what it runs. */
@Controller
class ClusterPage {

	private final ClusterView cluster;

	ClusterPage(ClusterView cluster) {
		this.cluster = cluster;
	}

	@GetMapping("/console/cluster")
	String cluster(Model model) {
		model.addAttribute("workers", this.cluster.workers());
		model.addAttribute("staleAfter", Durations.words(this.cluster.staleAfter()));
		return "console/cluster";
	}

}
