package com.lumiku.worker.subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.Map;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.subscription.GatewaySimulator.Behaviour;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invoiced renewals (subscribers without a stored payment method) over real HTTP: the
 * worker creates the invoice at the gateway simulator, the simulated user pays it, and
 * the simulator posts its signed callback to the worker's
 * {@code /gateway/duitku/callback} on the worker's real HTTP port (no bearer token). Or
 * no callback comes, and the worker's own status inquiry settles it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "lumiku.api.max-request-size=16KB" })
class InvoiceCallbackTest extends WorkerIntegrationTest {

	static final GatewaySimulator gateway = startSimulator();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRuns runs;

	private SubscriptionWorld world;

	private LocalDateTime now;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("lumiku.subscriptions.gateway.base-url", () -> gateway.baseUrl().toString());
	}

	@AfterAll
	static void stopSimulator() {
		gateway.close();
	}

	@BeforeEach
	void givenAPlanAndTheCallbackUrl() {
		SubscriptionWorld.reset(this.jdbc);
		this.world = new SubscriptionWorld(this.jdbc);
		this.world.plan("basic-m", "monthly", 99_000, "basic");
		this.now = this.world.now();
		gateway.merchant("DEMO", "demo-key").callbackUrl(callbackUrl());
	}

	@Test
	void a_subscriber_without_a_stored_method_is_invoiced_and_the_paid_callback_renews_the_subscription() {
		LocalDateTime end = this.now.plusMinutes(20);
		this.world.invoicedSubscriber("inv", "basic-m", "active", end, true);
		String order = this.world.order("inv", 1);

		assertThat(renew(Map.of()).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.world.renewal("inv")).containsEntry("state", "invoiced").containsEntry("collection", "invoice");
		Map<String, Object> payment = this.jdbc
			.queryForMap("SELECT * FROM lumiku_worker.subscription_payment WHERE merchant_order_id = ?", order);
		assertThat(payment).containsEntry("status", "invoiced").containsEntry("collection", "invoice");
		assertThat((String) payment.get("payment_url")).endsWith("/pay/" + order);
		assertThat((String) payment.get("reference")).startsWith("SIM");
		assertThat(gateway.charges(order)).as("an invoice is not a charge").isZero();
		assertThat(this.world.endDate("inv")).isEqualTo(end);

		assertThat(gateway.pay(order)).containsExactly(200);

		assertThat(this.world.endDate("inv")).isEqualTo(end.plusMonths(1));
		assertThat(this.world.status("inv")).isEqualTo("active");
		assertThat(this.world.renewal("inv")).containsEntry("state", "succeeded");
		assertThat(this.world.audit("inv")).containsExactly("active>active");
		assertThat(this.world.subscription("inv")).containsEntry("lastPaymentId", payment.get("id"));
		assertThat(
				this.jdbc.queryForMap("SELECT result_code, outcome FROM lumiku_worker.subscription_gateway_callback"))
			.containsEntry("result_code", "00")
			.containsEntry("outcome", "applied: success");
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_duplicate_callback_changes_nothing_and_says_so() throws Exception {
		LocalDateTime end = this.now.plusMinutes(20);
		this.world.invoicedSubscriber("twice", "basic-m", "active", end, true);
		String order = this.world.order("twice", 1);
		renew(Map.of());
		gateway.script(order, Behaviour.DUPLICATE_CALLBACK);

		assertThat(gateway.pay(order)).containsExactly(200, 200);

		assertThat(this.world.endDate("twice")).isEqualTo(end.plusMonths(1));
		assertThat(this.world.audit("twice")).hasSize(1);
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_gateway_callback")).isEqualTo(1);
		HttpResponse<String> third = post(signedForm("DEMO", "demo-key", order, 99_000, "00"));
		assertThat(third.statusCode()).isEqualTo(200);
		assertThat(third.body()).contains("duplicate callback: nothing changed");
		assertThat(this.world.endDate("twice")).isEqualTo(end.plusMonths(1));
		this.world.assertMoneyInvariants();
	}

	@Test
	void eight_copies_of_one_callback_at_once_apply_it_once() throws Exception {
		LocalDateTime end = this.now.plusMinutes(20);
		this.world.invoicedSubscriber("burst", "basic-m", "active", end, true);
		String order = this.world.order("burst", 1);
		renew(Map.of());
		gateway.payWithoutCallback(order);
		String form = signedForm("DEMO", "demo-key", order, 99_000, "00");
		java.util.concurrent.ExecutorService eight = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
			java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				answers.add(eight.submit(() -> {
					start.await();
					return post(form);
				}));
			}
			start.countDown();
			java.util.List<String> bodies = new java.util.ArrayList<>();
			for (var answer : answers) {
				assertThat(answer.get().statusCode()).isEqualTo(200);
				bodies.add(answer.get().body());
			}
			assertThat(bodies).filteredOn((body) -> body.contains("applied: success")).hasSize(1);
			assertThat(bodies).filteredOn((body) -> body.contains("duplicate callback")).hasSize(7);
		}
		finally {
			eight.shutdownNow();
		}
		assertThat(this.world.endDate("burst")).isEqualTo(end.plusMonths(1));
		assertThat(this.world.audit("burst")).hasSize(1);
		this.world.assertMoneyInvariants();
	}

	@Test
	void a_callback_with_a_bad_signature_a_wrong_amount_or_an_unknown_order_is_refused_and_changes_nothing()
			throws Exception {
		LocalDateTime end = this.now.plusMinutes(20);
		this.world.invoicedSubscriber("forged", "basic-m", "active", end, true);
		String order = this.world.order("forged", 1);
		renew(Map.of());

		gateway.merchant("DEMO", "not-the-key");
		assertThat(gateway.pay(order)).as("signed with another key").containsExactly(401);
		HttpResponse<String> tampered = post(
				signedForm("DEMO", "demo-key", order, 1_000, "00").replace("amount=1000", "amount=99000"));
		assertThat(tampered.statusCode()).as("amount changed after signing").isEqualTo(401);
		assertThat(post(signedForm("OTHER", "demo-key", order, 99_000, "00")).statusCode()).isEqualTo(401);
		HttpResponse<String> cheap = post(signedForm("DEMO", "demo-key", order, 1_000, "00"));
		assertThat(cheap.statusCode()).as("signed, but not the amount asked").isEqualTo(400);
		assertThat(cheap.body()).contains("amount 1000 does not match the order's 99000");
		assertThat(post(signedForm("DEMO", "demo-key", "renew-nobody-1", 99_000, "00")).statusCode()).isEqualTo(404);
		HttpResponse<String> missing = post("merchantCode=DEMO&amount=99000&merchantOrderId=" + order);
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("missing field 'resultCode'");
		HttpResponse<String> garbled = post("merchantCode=%ZZ&amount=1");
		assertThat(garbled.statusCode()).isEqualTo(400);
		assertThat(garbled.body()).contains("not a URL-encoded form");
		HttpResponse<String> huge = post(
				signedForm("DEMO", "demo-key", order, 99_000, "00") + "&pad=" + "x".repeat(20 * 1024));
		assertThat(huge.statusCode()).isEqualTo(413);

		assertThat(this.world.endDate("forged")).isEqualTo(end);
		assertThat(this.world.renewal("forged")).containsEntry("state", "invoiced");
		assertThat(this.world.audit("forged")).isEmpty();
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_gateway_callback")).isZero();
	}

	@Test
	void an_unpaid_invoice_starts_grace_at_the_end_date_and_a_late_callback_after_expiry_reactivates() {
		this.world.invoicedSubscriber("unpaid", "basic-m", "active", this.now.minusHours(1), true);
		this.world.invoicedSubscriber("late", "basic-m", "active", this.now.minusDays(3).minusHours(1), true);
		String order = this.world.order("late", 1);
		renew(Map.of());
		assertThat(this.world.renewal("unpaid")).containsEntry("state", "invoiced");
		assertThat(this.world.renewal("late")).containsEntry("state", "invoiced");

		run("subscription-expiry");

		assertThat(this.world.status("unpaid")).as("invoice unpaid at the end date").isEqualTo("grace_period");
		assertThat(this.world.user("unpaid")).as("access kept in grace").isEqualTo("subscription/basic");
		assertThat(this.world.status("late")).as("grace over, invoice still unpaid").isEqualTo("expired");
		assertThat(this.world.user("late")).isEqualTo("payg/free");
		renew(Map.of());
		assertThat(this.world.renewal("late")).containsEntry("state", "closed")
			.containsEntry("closed_reason", "subscription expired");

		assertThat(gateway.pay(order)).containsExactly(200);

		assertThat(this.world.status("late")).isEqualTo("active");
		assertThat(this.world.user("late")).as("upgraded again").isEqualTo("subscription/basic");
		assertThat(this.world.endDate("late")).as("a new period from the payment's time")
			.isAfter(this.now.plusMonths(1).minusMinutes(1));
		assertThat(this.world.audit("late")).containsExactly("active>grace_period", "grace_period>expired",
				"expired>active");
		assertThat(this.world.renewal("late")).containsEntry("state", "succeeded");
		this.world.assertMoneyInvariants();
	}

	@Test
	void an_invoice_paid_without_a_callback_is_settled_by_the_workers_status_inquiry() {
		LocalDateTime end = this.now.plusMinutes(20);
		this.world.invoicedSubscriber("quiet", "basic-m", "active", end, true);
		String order = this.world.order("quiet", 1);
		renew(Map.of("invoiceCheckEvery", "0s"));
		assertThat(this.world.renewal("quiet")).containsEntry("state", "invoiced");

		gateway.payWithoutCallback(order);
		assertThat(this.world.endDate("quiet")).isEqualTo(end);
		renew(Map.of("invoiceCheckEvery", "0s"));

		assertThat(this.world.endDate("quiet")).isEqualTo(end.plusMonths(1));
		assertThat(this.world.renewal("quiet")).containsEntry("state", "succeeded");
		assertThat(this.world.count("SELECT count(*) FROM lumiku_worker.subscription_gateway_callback")).isZero();
		this.world.assertMoneyInvariants();
	}

	private JobExecution renew(Map<String, String> parameters) {
		return this.runs.run(RunRequest.manual("subscription-renewal", parameters));
	}

	private void run(String job) {
		assertThat(this.runs.run(RunRequest.manual(job, Map.of())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	private URI callbackUrl() {
		return URI.create("http://127.0.0.1:" + this.port + GatewayCallbackController.PATH);
	}

	private static String signedForm(String merchant, String key, String order, long amount, String result) {
		return "merchantCode=" + merchant + "&amount=" + amount + "&merchantOrderId=" + order + "&resultCode=" + result
				+ "&reference=SIMX&signature=" + DuitkuGateway.sign(merchant + amount + order + key);
	}

	private HttpResponse<String> post(String form) throws Exception {
		return this.http.send(HttpRequest.newBuilder(callbackUrl())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static GatewaySimulator startSimulator() {
		try {
			return GatewaySimulator.start(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
