package com.lumiku.worker.maintenance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.lumiku.worker.generation.GenerationTable;
import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;
import com.lumiku.worker.run.ParameterType;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code pending-generations}: per app, generations still {@code pending} longer than a
 * limit (the report's "pending over an hour") after their {@code createdAt} (UTC, as the
 * app writes it), and the oldest one's age. Each of the four generation tables is read
 * through its partial queue index on pending rows.
 */
final class CountStalePendingGenerations implements MaintenanceCheck {

	static final String NAME = "pending-generations";

	private static final String PER_TABLE = """
			SELECT '%s' AS app, count(*) AS stale,
			       coalesce(extract(epoch FROM timezone('UTC', now()) - min("createdAt")), 0) AS oldest_seconds
			FROM %s WHERE status = 'pending' AND "createdAt" < timezone('UTC', now()) - make_interval(secs => ?)""";

	private static final String STALE = GenerationTable.ALL.stream()
		.map((table) -> PER_TABLE.formatted(table.app(), table.table()))
		.collect(Collectors.joining("\nUNION ALL\n"));

	private final Duration olderThan;

	CountStalePendingGenerations(Duration olderThan) {
		this.olderThan = olderThan;
	}

	private static String age(long seconds) {
		return (seconds >= 3600) ? String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600.0)
				: (seconds / 60) + " min";
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String threshold() {
		return "WARN above 0 pending longer than " + ParameterType.formatDuration(this.olderThan);
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		List<CheckValue> values = new ArrayList<>();
		List<String> details = new ArrayList<>();
		long[] total = { 0 };
		Object[] arguments = GenerationTable.ALL.stream().map((table) -> (Object) this.olderThan.toSeconds()).toArray();
		jdbc.query(STALE, (rs) -> {
			long stale = rs.getLong("stale");
			total[0] += stale;
			values.add(new CheckValue("lumiku_db_generations_pending_over_hour", rs.getString("app"), stale));
			if (stale > 0) {
				details.add(rs.getString("app") + "  " + stale + " pending, oldest " + age(rs.getLong("oldest_seconds"))
						+ " old");
			}
		}, arguments);
		String figure = total[0] + " pending > " + ParameterType.formatDuration(this.olderThan)
				+ (details.isEmpty() ? " (all apps)" : "");
		return new CheckOutcome(NAME, Status.warnIf(total[0] > 0), figure, threshold(), details, values);
	}

}
