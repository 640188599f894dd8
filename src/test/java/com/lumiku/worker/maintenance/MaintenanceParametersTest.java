package com.lumiku.worker.maintenance;

import java.util.Map;

import com.lumiku.worker.run.InvalidJobParametersException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceParametersTest {

	@Test
	void all_selects_every_check_in_report_order_and_a_list_keeps_report_order() {
		assertThat(DbMaintenanceParameters.bind(Map.of("checks", "all")).checks()).extracting(MaintenanceCheck::name)
			.containsExactly("pending-generations", "cache-hit-rate", "index-hit-rate", "slow-statements", "bloat",
					"table-sizes", "unused-indexes", "redundant-indexes");
		assertThat(DbMaintenanceParameters.bind(Map.of("checks", " redundant-indexes , BLOAT")).checks())
			.extracting(MaintenanceCheck::name)
			.containsExactly("bloat", "redundant-indexes");
	}

	@Test
	void an_unknown_check_is_refused_before_a_run_with_the_nearest_check_and_the_known_ones() {
		assertThatThrownBy(() -> DbMaintenanceParameters.DECLARATION.validate(Map.of("checks", "bloat,indexes")))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Invalid parameters for job 'db-maintenance': parameter 'checks': unknown value 'indexes';"
					+ " expected all, or some of: pending-generations, cache-hit-rate, index-hit-rate,"
					+ " slow-statements, bloat, table-sizes, unused-indexes, redundant-indexes (separated by commas)");
		assertThatThrownBy(() -> DbMaintenanceParameters.DECLARATION.validate(Map.of("checks", "table-size")))
			.hasMessageContaining("unknown value 'table-size'; did you mean 'table-sizes'?");
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
