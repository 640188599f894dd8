package com.lumiku.worker.maintenance;

import java.util.List;

import com.lumiku.worker.maintenance.CheckOutcome.CheckValue;
import com.lumiku.worker.maintenance.CheckOutcome.Status;
import com.lumiku.worker.maintenance.FindRedundantIndexes.RedundantIndex;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code redundant-indexes}: exact duplicates and left prefixes of another index
 * ({@link FindRedundantIndexes}, the query the schema tests hold the migrations to).
 */
final class CheckRedundantIndexes implements MaintenanceCheck {

	static final String NAME = "redundant-indexes";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String threshold() {
		return "WARN above 0";
	}

	@Override
	public CheckOutcome run(JdbcTemplate jdbc, boolean record) {
		List<RedundantIndex> redundant = FindRedundantIndexes.in(jdbc);
		long indexes = redundant.stream().map(RedundantIndex::index).distinct().count();
		return new CheckOutcome(NAME, Status.warnIf(indexes > 0), indexes + " redundant", threshold(),
				redundant.stream().map(RedundantIndex::toString).toList(),
				List.of(CheckValue.of("lumiku_db_redundant_indexes", indexes)));
	}

}
