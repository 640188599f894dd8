package com.lumiku.worker.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The console's small policies: tokens, sessions, cron in words, rows left. */
class ConsoleUnitsTest {

	private static final ConsoleProperties DEFAULTS = new ConsoleProperties("", Duration.ofMinutes(30),
			ConsoleProperties.SecureCookie.AUTO, Duration.ofSeconds(3), 500);

	@Test
	void tokens_have_a_name_and_a_role_and_the_api_token_is_the_operator_api() {
		ConsoleTokens tokens = tokens("alice:operator:alice-token-123456, bob:read-only:bob-token-1234567890",
				"api-token");
		assertThat(tokens.find("alice-token-123456"))
			.hasValue(new ConsoleTokens.Operator("alice", ConsoleTokens.Role.OPERATOR));
		assertThat(tokens.find("bob-token-1234567890").orElseThrow().mayAct()).isFalse();
		assertThat(tokens.find("api-token").orElseThrow().name()).isEqualTo("api");
		assertThat(tokens.find("alice-token-12345")).isEmpty();
		assertThat(tokens("", "").configured()).isFalse();
	}

	@Test
	void a_bad_token_entry_is_named_by_position_and_name_never_by_its_token() {
		assertThatIllegalArgumentException().isThrownBy(() -> tokens("alice:admin:alice-token-123456", ""))
			.withMessage("lumiku.console.tokens entry 1 ('alice'): role must be operator or read-only")
			.withMessageNotContaining("alice-token");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens("alice:operator:alice-token-123456,bob:operator:short-secret", ""))
			.withMessageStartingWith("lumiku.console.tokens entry 2 ('bob'): the token must be at least 16")
			.withMessageNotContaining("short-secret");
		assertThatIllegalArgumentException().isThrownBy(() -> tokens("just-a-token-without-name", ""))
			.withMessageContaining("expected name:role:token");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens("a:operator:aaaaaaaaaaaaaaaaaa,a:read-only:bbbbbbbbbbbbbbbbbbbb", ""))
			.withMessageContaining("the name is used twice");
	}

	@Test
	void a_session_idle_past_its_timeout_is_gone_and_a_used_one_lives_on() {
		MutableClock clock = new MutableClock();
		ConsoleSessions sessions = new ConsoleSessions(DEFAULTS, clock);
		ConsoleSessions.Session session = sessions
			.open(new ConsoleTokens.Operator("alice", ConsoleTokens.Role.OPERATOR));
		clock.advance(Duration.ofMinutes(20));
		assertThat(sessions.find(session.id())).isPresent();
		clock.advance(Duration.ofMinutes(20));
		assertThat(sessions.find(session.id())).as("used 20 minutes ago").isPresent();
		clock.advance(Duration.ofMinutes(31));
		assertThat(sessions.find(session.id())).isEmpty();
		assertThat(sessions.find(null)).isEmpty();
	}

	@Test
	void a_sessions_csrf_token_matches_only_itself() {
		ConsoleSessions sessions = new ConsoleSessions(DEFAULTS);
		ConsoleSessions.Session one = sessions.open(new ConsoleTokens.Operator("a", ConsoleTokens.Role.OPERATOR));
		ConsoleSessions.Session two = sessions.open(new ConsoleTokens.Operator("a", ConsoleTokens.Role.OPERATOR));
		assertThat(one.csrfMatches(one.csrfToken())).isTrue();
		assertThat(one.csrfMatches(two.csrfToken())).isFalse();
		assertThat(one.csrfMatches(null)).isFalse();
		assertThat(one.csrfMatches("")).isFalse();
		assertThat(one.id()).isNotEqualTo(two.id()).hasSizeGreaterThanOrEqualTo(43);
	}

	@Test
	void the_session_cookie_is_secure_over_https_or_when_told() {
		ConsoleAuthFilter auto = new ConsoleAuthFilter(null, DEFAULTS, null);
		MockHttpServletRequest http = new MockHttpServletRequest();
		MockHttpServletRequest https = new MockHttpServletRequest();
		https.setSecure(true);
		assertThat(auto.sessionCookie(http, "x").isSecure()).isFalse();
		assertThat(auto.sessionCookie(https, "x").isSecure()).isTrue();
		assertThat(auto.sessionCookie(https, "x").toString()).contains("HttpOnly", "SameSite=Strict", "Path=/console");
		ConsoleAuthFilter always = new ConsoleAuthFilter(null, new ConsoleProperties("", Duration.ofMinutes(1),
				ConsoleProperties.SecureCookie.ALWAYS, Duration.ofSeconds(3), 500), null);
		assertThat(always.sessionCookie(http, "x").isSecure()).isTrue();
	}

	@Test
	void cron_expressions_read_as_words() {
		assertThat(CronInWords.describe("0 */10 * * * ?")).isEqualTo("every 10 minutes");
		assertThat(CronInWords.describe("0 2/5 * * * ?")).isEqualTo("every 5 minutes, from minute 2");
		assertThat(CronInWords.describe("0 15 * * * ?")).isEqualTo("every hour at minute 15");
		assertThat(CronInWords.describe("0 30 3 * * ?")).isEqualTo("every day at 03:30");
		assertThat(CronInWords.describe("5 0 0 * * ?")).isEqualTo("every day at 00:00:05");
		assertThat(CronInWords.describe("*/1 * * * * ?")).isEqualTo("every second");
		assertThat(CronInWords.describe("0 0 6 ? * MON,FRI")).isEqualTo("every Monday, Friday at 06:00");
		assertThat(CronInWords.describe("0 0 1 15 * ?")).isEqualTo("on day 15 of every month at 01:00");
		assertThat(CronInWords.describe("0 0 3 1 1 ?")).isEqualTo("every year on 1 January at 03:00");
		assertThat(CronInWords.describe("0 0 3 1 13 ?")).isEqualTo("custom schedule");
		assertThat(CronInWords.describe("0 0 12 L * ?")).isEqualTo("custom schedule");
	}

	@Test
	void rows_left_come_from_an_item_counting_readers_saved_counts_or_the_steps_own_entry() {
		ExecutionContext counting = new ExecutionContext();
		counting.putInt("counting.read.count", 15);
		counting.putInt("counting.read.count.max", 40);
		assertThat(RunProgress.rowsLeft(counting)).hasValue(25);
		ExecutionContext own = new ExecutionContext();
		own.putLong(RunProgress.ROWS_LEFT, 7);
		assertThat(RunProgress.rowsLeft(own)).hasValue(7);
		assertThat(RunProgress.rowsLeft(new ExecutionContext())).isEqualTo(OptionalLong.empty());
	}

	private static ConsoleTokens tokens(String configured, String apiToken) {
		return new ConsoleTokens(new ConsoleProperties(configured, Duration.ofMinutes(30),
				ConsoleProperties.SecureCookie.AUTO, Duration.ofSeconds(3), 500), apiToken);
	}

	/** A clock the test moves. */
	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-12-01T03:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@Test
	void a_choice_is_a_select_of_its_words_and_a_list_of_choices_a_text_field_showing_them() {
		com.lumiku.worker.run.JobDescriptor refresh = new com.lumiku.worker.run.JobDescriptor("refresh", "Refresh",
				java.util.List.of(
						com.lumiku.worker.run.ParameterSpec.oneOf("mode", java.util.List.of("incremental", "full"),
								"incremental", "How"),
						com.lumiku.worker.run.ParameterSpec.someOf("views",
								java.util.List.of("daily_usage", "revenue_daily"), "all", "Which")));

		java.util.List<RunForm.Field> fields = RunForm.checked(refresh,
				java.util.Map.of("mode", "fulll", "views", "daily_usage"));

		RunForm.Field mode = fields.get(0);
		assertThat(mode.isChoice()).isTrue();
		assertThat(mode.choices()).containsExactly("incremental", "full");
		assertThat(mode.hint()).isEqualTo("one of: incremental, full");
		assertThat(mode.error())
			.hasValue("unknown value 'fulll'; did you mean 'full'? expected one of: incremental," + " full");
		RunForm.Field views = fields.get(1);
		assertThat(views.isChoice()).as("a list is typed, not picked").isFalse();
		assertThat(views.hint()).isEqualTo("all, or some of: daily_usage, revenue_daily (separated by commas)");
		assertThat(views.error()).isEmpty();
	}

}
