package com.lumiku.worker.maintenance;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceParametersTest {

	@Test
	void all_selects_every_check_in_report_order_and_a_list_keeps_report_order() {
		assertThat(MaintenanceChecks.select("all", Duration.ofHours(1))).extracting(MaintenanceCheck::name)
			.containsExactly("pending-generations", "cache-hit-rate", "index-hit-rate", "slow-statements", "bloat",
					"table-sizes", "unused-indexes", "redundant-indexes");
		assertThat(MaintenanceChecks.select(" redundant-indexes , BLOAT", Duration.ofHours(1)))
			.extracting(MaintenanceCheck::name)
			.containsExactly("bloat", "redundant-indexes");
	}

	@Test
	void an_unknown_check_is_refused_naming_the_known_ones() {
		assertThatThrownBy(() -> MaintenanceChecks.select("bloat,indexes", Duration.ofHours(1)))
			.hasMessage("checks: unknown check 'indexes'; known: all, pending-generations, cache-hit-rate,"
					+ " index-hit-rate, slow-statements, bloat, table-sizes, unused-indexes, redundant-indexes");
	}

	@Test
	void vacuum_tables_must_be_plain_lower_case_names_and_duplicates_are_dropped() {
		assertThat(DbVacuumParameters.tables("credits, sessions,credits")).containsExactly("credits", "sessions");
		assertThatThrownBy(() -> DbVacuumParameters.tables("credits\"; DROP TABLE users; --"))
			.hasMessageContaining("is not a table name");
		assertThatThrownBy(() -> DbVacuumParameters.tables("Credits")).hasMessageContaining("is not a table name");
		assertThatThrownBy(() -> DbVacuumParameters.tables(" , ")).hasMessage("tables: name at least one table");
	}

}
