package com.lumiku.worker.subscription;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Duitku-style payment gateway for the demo, the tests and the benchmark: an HTTP
 * server ({@link DuitkuGateway}'s three endpoints) whose answer to each merchant order id
 * can be scripted ({@link #script}); unscripted orders get {@link #defaultBehaviour}. It
 * keeps each order's transaction (for the status inquiry) and counts the charges it
 * received per order ({@link #charges}), so a test can prove nothing was charged twice.
 */
public final class GatewaySimulator implements AutoCloseable {

	/** What the simulator does with one charge of an order. */
	public enum Behaviour {

		/** Charged: {@code 00}. */
		SUCCESS,
		/** Declined: {@code 02}, nothing charged. */
		DECLINE,
		/** Charged, but answers only after the client's timeout ({@link #slowAnswer}). */
		TIMEOUT,
		/** HTTP 500, nothing charged (the inquiry answers 404). */
		SERVER_ERROR,
		/** Pending ({@code 01}); settles as success later, with one callback. */
		LATE_CALLBACK,
		/** Pending; settles as success, with the callback sent twice. */
		DUPLICATE_CALLBACK

	}

	private record Transaction(String status, String reference, long amount) {
	}

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(GatewaySimulator.class);

	private final HttpServer server;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Deque<Behaviour>> scripts = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> charges = new ConcurrentHashMap<>();

	private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();

	private final AtomicInteger references = new AtomicInteger();

	private final HttpClient callbacks = HttpClient.newHttpClient();

	private volatile Behaviour defaultBehaviour = Behaviour.SUCCESS;

	private volatile Duration latency = Duration.ZERO;

	private volatile Duration slowAnswer = Duration.ofSeconds(5);

	private volatile Optional<URI> callbackUrl = Optional.empty();

	private final Map<String, URI> invoiceCallbacks = new ConcurrentHashMap<>();

	private volatile String merchantCode = "DEMO";

	private volatile String apiKey = "demo-key";

	private volatile Duration autoPayInvoicesAfter;

	private volatile String declineOrdersContaining;

	private final java.util.concurrent.ScheduledExecutorService payer = Executors
		.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "gateway-simulator-payer");
			thread.setDaemon(true);
			return thread;
		});

	private GatewaySimulator(HttpServer server) {
		this.server = server;
	}

	/** Starts a simulator on {@code port} (0: any free port). */
	public static GatewaySimulator start(int port) throws IOException {
		// Without TCP_NODELAY the JDK server's separate header and body writes meet the
		// client's delayed ACK: about 40 ms added to every answer.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
		GatewaySimulator simulator = new GatewaySimulator(server);
		server.createContext(DuitkuGateway.CHARGE, (exchange) -> simulator.handle(exchange, true));
		server.createContext(DuitkuGateway.INVOICE, (exchange) -> simulator.handle(exchange, false));
		server.createContext(DuitkuGateway.STATUS, simulator::status);
		server.setExecutor(Executors.newCachedThreadPool());
		server.start();
		return simulator;
	}

	/**
	 * The demo's simulator ({@code serve --demo}), on the port of the configured gateway
	 * URL when that URL points at this machine.
	 * @param baseUrl {@code lumiku.subscriptions.gateway.base-url}
	 * @return the simulator, or empty when the URL is not local or its port is taken
	 */
	public static Optional<GatewaySimulator> startForDemo(URI baseUrl, URI defaultCallback) {
		String host = String.valueOf(baseUrl.getHost());
		if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
			logger.info("Gateway {} is not local: no simulator started", baseUrl);
			return Optional.empty();
		}
		int port = (baseUrl.getPort() > 0) ? baseUrl.getPort() : 80;
		try {
			GatewaySimulator simulator = start(port).declineOrdersContaining("demo-sub-declined")
				.autoPayInvoicesAfter(Duration.ofSeconds(15))
				.callbackUrl(defaultCallback);
			logger.info("Gateway simulator listening on {} (charges succeed, except demo-sub-declined's; "
					+ "the user pays each invoice 15 s after it is created)", simulator.baseUrl());
			return Optional.of(simulator);
		}
		catch (IOException ex) {
			logger.warn("Gateway simulator not started on port {} ({}); renewals will wait for a gateway", port,
					ex.getMessage());
			return Optional.empty();
		}
	}

	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * The next charges of {@code order} get these behaviours, in order, then the default.
	 */
	public GatewaySimulator script(String order, Behaviour... behaviours) {
		this.scripts.computeIfAbsent(order, (key) -> new ArrayDeque<>()).addAll(java.util.List.of(behaviours));
		return this;
	}

	public GatewaySimulator defaultBehaviour(Behaviour behaviour) {
		this.defaultBehaviour = behaviour;
		return this;
	}

	/** Every answer waits this long first (the benchmark's gateway latency). */
	public GatewaySimulator latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	/** How long a {@link Behaviour#TIMEOUT} answer takes. */
	public GatewaySimulator slowAnswer(Duration slowAnswer) {
		this.slowAnswer = slowAnswer;
		return this;
	}

	/** Where settlement callbacks are posted (Duitku's callbackUrl); none by default. */
	public GatewaySimulator callbackUrl(URI url) {
		this.callbackUrl = Optional.of(url);
		return this;
	}

	/** The merchant whose key signs the callbacks (default DEMO / demo-key). */
	public GatewaySimulator merchant(String code, String key) {
		this.merchantCode = code;
		this.apiKey = key;
		return this;
	}

	/**
	 * A simulated user pays every invoice this long after it was created (the demo); by
	 * default invoices wait for {@link #pay}.
	 */
	public GatewaySimulator autoPayInvoicesAfter(Duration delay) {
		this.autoPayInvoicesAfter = delay;
		return this;
	}

	/**
	 * Unscripted charges of orders whose id contains {@code marker} are declined (the
	 * demo's {@code demo-sub-declined}).
	 */
	public GatewaySimulator declineOrdersContaining(String marker) {
		this.declineOrdersContaining = marker;
		return this;
	}

	/** Whether an invoice was created for {@code order}. */
	public boolean hasInvoice(String order) {
		return this.invoiceCallbacks.containsKey(order) || this.transactions.containsKey(order);
	}

	/**
	 * The user pays the open invoice {@code order}: it settles as success and its
	 * callback is posted (twice if the order was scripted
	 * {@link Behaviour#DUPLICATE_CALLBACK}) to the callback URL the invoice named, or
	 * {@link #callbackUrl}; signed with {@link #merchant}'s key.
	 * @return the HTTP status of each callback the receiver answered
	 */
	public java.util.List<Integer> pay(String order) {
		Transaction transaction = settleQuietly(order);
		Deque<Behaviour> script = this.scripts.get(order);
		int times = (script != null && script.remove(Behaviour.DUPLICATE_CALLBACK)) ? 2 : 1;
		Optional<URI> url = Optional.ofNullable(this.invoiceCallbacks.get(order)).or(() -> this.callbackUrl);
		java.util.List<Integer> statuses = new java.util.ArrayList<>();
		for (int i = 0; i < times && url.isPresent(); i++) {
			statuses.add(postCallback(url.get(), order, transaction.reference(), transaction.amount()));
		}
		return statuses;
	}

	/**
	 * The user pays the open invoice {@code order}, and no callback is sent (it was
	 * lost): only a status inquiry finds the payment.
	 */
	public void payWithoutCallback(String order) {
		settleQuietly(order);
	}

	private Transaction settleQuietly(String order) {
		Transaction open = this.transactions.get(order);
		if (open == null) {
			throw new IllegalArgumentException("no invoice for order " + order);
		}
		Transaction paid = new Transaction("00", open.reference(), open.amount());
		this.transactions.put(order, paid);
		return paid;
	}

	/**
	 * Posts a callback for {@code order} as the gateway does, signed with this
	 * simulator's merchant key.
	 * @return the receiver's HTTP status, or -1 when it could not be reached
	 */
	public int postCallback(URI url, String order, String reference, long amount) {
		String signature = DuitkuGateway.sign(this.merchantCode + amount + order + this.apiKey);
		String form = "merchantCode=" + encode(this.merchantCode) + "&amount=" + amount + "&merchantOrderId="
				+ encode(order) + "&resultCode=00&reference=" + encode(reference) + "&signature=" + signature;
		try {
			return this.callbacks
				.send(HttpRequest.newBuilder(url)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** Charges received for {@code order}, whatever was answered. */
	public int charges(String order) {
		AtomicInteger count = this.charges.get(order);
		return (count != null) ? count.get() : 0;
	}

	/** Charges received in all. */
	public int totalCharges() {
		return this.charges.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/** Charges received per order, a copy. */
	public Map<String, Integer> chargesByOrder() {
		Map<String, Integer> copy = new java.util.TreeMap<>();
		this.charges.forEach((order, count) -> copy.put(order, count.get()));
		return copy;
	}

	/** Orders charged more than once. */
	public long ordersChargedTwice() {
		return this.charges.values().stream().filter((count) -> count.get() > 1).count();
	}

	/**
	 * Settles every pending (late-callback) transaction as success, sending its
	 * callbacks.
	 */
	public void settlePending() {
		this.transactions.forEach((order, transaction) -> {
			if (transaction.status().equals("01")) {
				this.transactions.put(order, new Transaction("00", transaction.reference(), transaction.amount()));
			}
		});
	}

	private void handle(HttpExchange exchange, boolean charge) throws IOException {
		Map<?, ?> body = this.json.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
		String order = String.valueOf(body.get("merchantOrderId"));
		long amount = Long.parseLong(String.valueOf(body.get("paymentAmount")));
		pause(this.latency);
		if (!charge) {
			Transaction invoice = new Transaction("01", nextReference(), amount);
			Object callback = body.get("callbackUrl");
			if (callback != null) {
				this.invoiceCallbacks.put(order, URI.create(String.valueOf(callback)));
			}
			if (this.transactions.putIfAbsent(order, invoice) == null && this.autoPayInvoicesAfter != null) {
				this.payer.schedule(() -> pay(order), this.autoPayInvoicesAfter.toMillis(),
						java.util.concurrent.TimeUnit.MILLISECONDS);
			}
			answer(exchange, 200, Map.of("statusCode", "00", "reference", this.transactions.get(order).reference(),
					"paymentUrl", baseUrl() + "/pay/" + order));
			return;
		}
		this.charges.computeIfAbsent(order, (key) -> new AtomicInteger()).incrementAndGet();
		Deque<Behaviour> script = this.scripts.get(order);
		String declined = this.declineOrdersContaining;
		Behaviour behaviour = Optional.ofNullable((script != null) ? script.poll() : null)
			.orElse((declined != null && order.contains(declined)) ? Behaviour.DECLINE : this.defaultBehaviour);
		String reference = nextReference();
		switch (behaviour) {
			case SUCCESS -> settle(exchange, order, "00", reference, amount);
			case DECLINE -> settle(exchange, order, "02", reference, amount);
			case TIMEOUT -> {
				this.transactions.put(order, new Transaction("00", reference, amount));
				pause(this.slowAnswer);
				answer(exchange, 200, Map.of("statusCode", "00", "reference", reference));
			}
			case SERVER_ERROR -> answer(exchange, 500, Map.of("Message", "internal error"));
			case LATE_CALLBACK, DUPLICATE_CALLBACK -> {
				settle(exchange, order, "01", reference, amount);
				sendCallbacks(order, reference, amount, (behaviour == Behaviour.DUPLICATE_CALLBACK) ? 2 : 1);
			}
		}
	}

	private void settle(HttpExchange exchange, String order, String code, String reference, long amount)
			throws IOException {
		this.transactions.put(order, new Transaction(code, reference, amount));
		answer(exchange, 200, Map.of("statusCode", code, "reference", reference));
	}

	private void status(HttpExchange exchange) throws IOException {
		Map<?, ?> body = this.json.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
		String order = String.valueOf(body.get("merchantOrderId"));
		pause(this.latency);
		Transaction transaction = this.transactions.get(order);
		if (transaction == null) {
			answer(exchange, 404, Map.of("Message", "transaction not found"));
			return;
		}
		answer(exchange, 200, Map.of("merchantOrderId", order, "reference", transaction.reference(), "amount",
				String.valueOf(transaction.amount()), "statusCode", transaction.status()));
	}

	private void sendCallbacks(String order, String reference, long amount, int times) {
		this.callbackUrl.ifPresent((url) -> this.payer.schedule(() -> {
			this.transactions.put(order, new Transaction("00", reference, amount));
			for (int i = 0; i < times; i++) {
				postCallback(url, order, reference, amount);
			}
		}, 200, java.util.concurrent.TimeUnit.MILLISECONDS));
	}

	private String nextReference() {
		return "SIM" + String.format("%09d", this.references.incrementAndGet());
	}

	private void answer(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		try (OutputStream out = exchange.getResponseBody()) {
			exchange.sendResponseHeaders(status, bytes.length);
			out.write(bytes);
		}
		catch (IOException ex) {
			// the client gave up (a timeout): the charge stands, as at a real gateway
		}
	}

	private static void pause(Duration duration) {
		if (!duration.isZero()) {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void close() {
		this.payer.shutdownNow();
		this.server.stop(0);
	}

}
