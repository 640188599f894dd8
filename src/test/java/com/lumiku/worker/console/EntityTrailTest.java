package com.lumiku.worker.console;

import java.util.List;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the worker did to one entity, read back from its audit tables, with the run that
 * did it.
 */
@SpringBootTest(properties = "spring.main.web-application-type=none")
class EntityTrailTest extends WorkerIntegrationTest {

	@Autowired
	EntityTrail trail;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void a_payment_and_a_subscription_show_their_status_changes_and_the_run_that_made_them() {
		this.jdbc.update("""
				INSERT INTO lumiku_worker.payment_status_change (payment_id, user_id, from_status, to_status, reason,
				    job_execution_id) VALUES ('pay-1', 'user-1', 'pending', 'expired', 'pending past 24h', 41)""");
		this.jdbc
			.update("""
					INSERT INTO lumiku_worker.subscription_status_change (subscription_id, user_id, from_status, to_status,
					    reason, job_execution_id) VALUES ('sub-1', 'user-1', 'active', 'expired', 'end date passed', 42)""");

		List<EntityTrail.Event> payment = this.trail.find("payment", "pay-1");
		assertThat(payment).singleElement().satisfies((event) -> {
			assertThat(event.what()).isEqualTo("payment pay-1: pending -> expired (pending past 24h)");
			assertThat(event.executionId()).hasValue(41L);
		});
		assertThat(this.trail.find("subscription", "sub-1")).singleElement()
			.satisfies((event) -> assertThat(event.executionId()).hasValue(42L));
		assertThat(this.trail.find("user", "user-1")).extracting(EntityTrail.Event::source)
			.containsExactlyInAnyOrder("payment_status_change", "subscription_status_change");
		assertThat(this.trail.find("user", "nobody")).isEmpty();
	}

	@Test
	void a_generation_shows_its_refund() {
		this.jdbc
			.update("""
					INSERT INTO lumiku_worker.generation_refund (generation_table, generation_id, user_id, amount, credit_id)
					VALUES ('carousel_generations', 'gen-9', 'user-9', 5, 'credit-9')""");
		assertThat(this.trail.find("generation", "gen-9")).singleElement()
			.satisfies((event) -> assertThat(event.what())
				.isEqualTo("refund of 5 credits for carousel_generations gen-9 (credits row credit-9)"));
		assertThat(this.trail.find("user", "user-9")).hasSize(1);
	}

	@Test
	void an_unknown_kind_is_refused_with_the_known_ones() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.trail.find("invoice", "x"))
			.withMessage("kind must be one of [subscription, payment, user, generation], got 'invoice'");
	}

}
