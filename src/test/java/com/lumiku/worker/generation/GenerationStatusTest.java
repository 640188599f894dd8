package com.lumiku.worker.generation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The state machine of a generation row and the SQL it drives. */
class GenerationStatusTest {

	@Test
	void a_finished_or_cancelled_row_never_moves_again() {
		for (GenerationStatus done : new GenerationStatus[] { GenerationStatus.COMPLETED, GenerationStatus.FAILED,
				GenerationStatus.CANCELLED }) {
			assertThat(done.next()).as(done.value()).isEmpty();
		}
		assertThat(GenerationStatus.PENDING.next()).containsExactly(GenerationStatus.PROCESSING);
	}

	@Test
	void a_transition_the_state_machine_does_not_allow_cannot_be_written() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new GenerationStatus.Transition(GenerationStatus.COMPLETED, GenerationStatus.PENDING))
			.withMessageContaining("completed -> pending");
		assertThatIllegalStateException()
			.isThrownBy(() -> new GenerationStatus.Transition(GenerationStatus.PENDING, GenerationStatus.FAILED));
	}

	@Test
	void a_transitions_statement_sets_its_target_and_guards_on_its_source() {
		assertThat(GenerationStatus.FAIL.sql("UPDATE t SET status = {to} WHERE id = ? AND status = {from}"))
			.isEqualTo("UPDATE t SET status = 'failed' WHERE id = ? AND status = 'processing'");
	}

}
