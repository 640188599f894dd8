package com.lumiku.worker.subscription;

import org.junit.jupiter.api.Test;

import static com.lumiku.worker.subscription.SubscriptionStatus.ACTIVE;
import static com.lumiku.worker.subscription.SubscriptionStatus.CANCELLED;
import static com.lumiku.worker.subscription.SubscriptionStatus.EXPIRED;
import static com.lumiku.worker.subscription.SubscriptionStatus.GRACE_PERIOD;
import static com.lumiku.worker.subscription.SubscriptionStatus.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SubscriptionStatusTest {

	@Test
	void the_worker_moves_only_along_the_documented_transitions() {
		assertThat(ACTIVE.next()).containsExactlyInAnyOrder(ACTIVE, GRACE_PERIOD, EXPIRED);
		assertThat(GRACE_PERIOD.next()).containsExactlyInAnyOrder(ACTIVE, EXPIRED);
		assertThat(EXPIRED.next()).containsExactly(ACTIVE);
		assertThat(CANCELLED.next()).isEmpty();
		assertThat(SUSPENDED.next()).isEmpty();
	}

	@Test
	void every_transition_the_sql_uses_is_allowed() {
		assertThat(SubscriptionStatus.RENEWED.to()).isEqualTo(ACTIVE);
		assertThat(SubscriptionStatus.GRACE_EXHAUSTED.from()).isEqualTo(GRACE_PERIOD);
		assertThat(SubscriptionStatus.REACTIVATED.from()).isEqualTo(EXPIRED);
	}

	@Test
	void a_transition_outside_the_machine_cannot_be_declared() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new SubscriptionStatus.Transition(EXPIRED, GRACE_PERIOD, "x"))
			.withMessageContaining("expired -> grace_period");
		assertThatIllegalStateException().isThrownBy(() -> new SubscriptionStatus.Transition(CANCELLED, ACTIVE, "x"));
	}

	@Test
	void a_transition_statement_takes_its_guard_and_target_from_the_transition() {
		assertThat(SubscriptionStatus.LAPSED.sql("SET status = {to} WHERE status = {from} -- {reason}"))
			.isEqualTo("SET status = 'expired' WHERE status = 'active' -- 'not renewing, end date reached'");
		assertThatIllegalArgumentException().isThrownBy(() -> SubscriptionStatus.LAPSED.sql("SET status = 'x'"));
	}

	@Test
	void status_values_are_the_apps_column_values() {
		assertThat(GRACE_PERIOD.value()).isEqualTo("grace_period");
	}

}
