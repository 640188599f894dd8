package com.lumiku.worker.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NamedTokensTest {

	@Test
	void each_token_is_found_by_its_value_and_the_single_token_is_the_operator_api() {
		NamedTokens tokens = NamedTokens.parse("lumiku.api.tokens",
				"ops:operator:ops-token-0123456789, viewer:read-only:viewer-token-0123456789", "short");
		assertThat(tokens.find("ops-token-0123456789")).hasValue(new TokenHolder("ops", TokenRole.OPERATOR));
		assertThat(tokens.find("viewer-token-0123456789")).hasValue(new TokenHolder("viewer", TokenRole.READ_ONLY));
		assertThat(tokens.find("short")).hasValue(new TokenHolder("api", TokenRole.OPERATOR));
		assertThat(tokens.find("ops-token-012345678")).isEmpty();
		assertThat(tokens.find("")).isEmpty();
		assertThat(tokens.holders()).extracting(TokenHolder::name).containsExactly("ops", "viewer", "api");
	}

	@Test
	void a_named_token_called_api_wins_over_the_single_token() {
		NamedTokens tokens = NamedTokens.parse("lumiku.api.tokens", "api:read-only:read-only-api-token-123",
				"single-token");
		assertThat(tokens.find("single-token")).isEmpty();
		assertThat(tokens.find("read-only-api-token-123")).hasValue(new TokenHolder("api", TokenRole.READ_ONLY));
	}

	@Test
	void nothing_configured_is_no_token_at_all() {
		assertThat(NamedTokens.parse("lumiku.api.tokens", " ", "").configured()).isFalse();
	}

	@Test
	void a_bad_entry_is_named_by_setting_position_and_name_and_never_shows_its_token() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NamedTokens.parse("lumiku.api.tokens",
					"a:operator:token-aaaaaaaaaaaa,b:admin:" + "secret-bbbbbbbbbbbb", ""))
			.withMessage("lumiku.api.tokens entry 2 ('b'): role must be operator or read-only");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NamedTokens.parse("lumiku.api.tokens", "a:operator:tooshort", ""))
			.withMessage("lumiku.api.tokens entry 1 ('a'): the token must be at least 16 characters"
					+ " (e.g. openssl rand -hex 24)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NamedTokens.parse("lumiku.api.tokens",
					"a:operator:token-aaaaaaaaaaaa,a:read-only:token-cccccccccccc", ""))
			.withMessage("lumiku.api.tokens entry 2 ('a'): the name is used twice");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NamedTokens.parse("lumiku.api.tokens", "just-a-token", ""))
			.withMessage("lumiku.api.tokens entry 1: expected name:role:token (role operator or read-only)")
			.withMessageNotContaining("just-a-token");
	}

}
