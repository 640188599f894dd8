package com.lumiku.worker.analytics;

import java.time.Duration;
import java.util.Optional;

/**
 * Refreshes one materialized view through
 * {@code lumiku_worker.analytics_refresh_materialized_view} (SECURITY DEFINER, owned by
 * the migration role: REFRESH needs ownership, the runtime role owns nothing), either
 * {@code CONCURRENTLY} (readers keep reading; needs the view's unique index) or plain
 * ({@code full}: an ACCESS EXCLUSIVE lock blocks readers until it ends). The function
 * returns false at once when the view's advisory lock is held elsewhere: the refresh is
 * skipped as {@code already-running}.
 */
final class RefreshMaterializedView {

	private static final String REFRESH = "SELECT lumiku_worker.analytics_refresh_materialized_view(?, ?)";

	private final SingleFlightTransaction transaction;

	RefreshMaterializedView(SingleFlightTransaction transaction) {
		this.transaction = transaction;
	}

	RefreshOutcome refresh(AnalyticsView view, boolean concurrently) {
		String name = view.materializedView();
		String mode = concurrently ? "concurrent" : "full";
		long started = System.nanoTime();
		var result = this.transaction.run(Optional.empty(), (jdbc) -> {
			if (!Boolean.TRUE.equals(jdbc.queryForObject(REFRESH, Boolean.class, name, concurrently))) {
				return Optional.<RefreshOutcome>empty();
			}
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			RecordRefresh.record(jdbc, name, mode, took, 0);
			return Optional.of(new RefreshOutcome(name, mode, Optional.empty(), 0, 0, took));
		});
		return result.value()
			.orElseGet(() -> RefreshOutcome.skipped(name, mode, result.skipped().orElseThrow(),
					Duration.ofNanos(System.nanoTime() - started)));
	}

}
