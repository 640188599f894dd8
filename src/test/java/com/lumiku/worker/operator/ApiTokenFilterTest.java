package com.lumiku.worker.operator;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenFilterTest {

	@Test
	void without_a_configured_token_the_api_refuses_every_call_and_says_why() throws Exception {
		MockHttpServletResponse response = filter("", "Bearer anything", "/api/jobs");
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentAsString()).contains("set LUMIKU_API_TOKEN");
	}

	@Test
	void the_right_token_passes_and_a_wrong_one_is_a_401() throws Exception {
		assertThat(filter("t0ken", "Bearer t0ken", "/api/jobs").getStatus()).isEqualTo(200);
		assertThat(filter("t0ken", "Bearer t0ke", "/api/jobs").getStatus()).isEqualTo(401);
		assertThat(filter("t0ken", null, "/api/jobs").getStatus()).isEqualTo(401);
	}

	@Test
	void paths_outside_the_api_are_not_guarded() throws Exception {
		assertThat(filter("", null, "/").getStatus()).isEqualTo(200);
	}

	private static MockHttpServletResponse filter(String token, String authorization, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ApiTokenFilter("", token, java.util.Optional.empty()).doFilter(request, response, new MockFilterChain());
		return response;
	}

}
