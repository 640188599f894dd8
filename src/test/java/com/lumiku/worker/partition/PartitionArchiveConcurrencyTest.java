package com.lumiku.worker.partition;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archival while the app inserts, and two maintenance runs at once (two pools, as two
 * processes would have): every insert succeeds and each month is archived once. Its own
 * database (a class of its own), since it archives months the other tests keep.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PartitionArchiveConcurrencyTest extends ArchiveTestSupport {

	@Test
	void inserts_go_on_during_archival_and_two_runs_at_once_archive_each_month_once() throws Exception {
		convert("app_usages");
		users("au1");
		for (String day : List.of("2025-03-05", "2025-04-06", "2025-05-07")) {
			appUsage("au2-" + day, day);
		}
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger inserted = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		Thread app = new Thread(() -> {
			while (!stop.get()) {
				try {
					appUsage("live-" + inserted.get(), "2026-06-15 12:00:00");
					inserted.incrementAndGet();
				}
				catch (RuntimeException ex) {
					failed.incrementAndGet();
				}
			}
		});
		app.start();
		CompletableFuture<PartitionMaintenance.Report> first = CompletableFuture
			.supplyAsync(() -> maintenance(Map.of("app_usages", 12), StepHook.NONE).run(false));
		CompletableFuture<PartitionMaintenance.Report> second = CompletableFuture
			.supplyAsync(() -> maintenance(Map.of("app_usages", 12), StepHook.NONE).run(false));
		assertThat(first.get().failures()).isEmpty();
		assertThat(second.get().failures()).isEmpty();
		stop.set(true);
		app.join();

		assertThat(failed.get()).as("failed app inserts").isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM app_usages WHERE id LIKE 'live-%'", Integer.class))
			.isEqualTo(inserted.get());
		assertThat(this.jdbc.queryForList("SELECT label || ' ' || count(*) FROM lumiku_worker.archive"
				+ " WHERE table_name = 'app_usages' AND label IN ('2025-03', '2025-04', '2025-05') GROUP BY label"
				+ " ORDER BY label", String.class))
			.containsExactly("2025-03 1", "2025-04 1", "2025-05 1");
		assertThat(this.registry.get("lumiku_archive_rows").tag("table", "app_usages").counter().count())
			.as("rows archived by both runs together: each month counted once")
			.isGreaterThanOrEqualTo(3);
	}

}
