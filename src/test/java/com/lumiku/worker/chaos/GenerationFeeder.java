package com.lumiku.worker.chaos;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The app's side of the queue: inserts pending looping-flow generations of random users
 * throughout the run, a mix of fast, slow, flaky, failing and hanging rows (see
 * {@link ChaosHandlerConfiguration}). An insert that fails (PostgreSQL restarting) is not
 * retried: that row never existed.
 */
final class GenerationFeeder implements AutoCloseable {

	private static final String[] KINDS = { "fast", "fast", "fast", "fast", "fast", "fast", "slow", "slow", "flaky",
			"fail", "hang" };

	private static final String INSERT = """
			INSERT INTO looping_flow_generations (id, "projectId", "userId", "videoId", "targetDuration", "creditUsed")
			VALUES (?, ?, ?, 'v', 10, 2)""";

	private final JdbcTemplate jdbc;

	private final Random random;

	private final AtomicInteger inserted = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final Thread thread;

	private volatile boolean running = true;

	GenerationFeeder(DataSource dataSource, long seed) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.random = new Random(seed);
		this.thread = new Thread(this::feed, "chaos-feeder");
		this.thread.setDaemon(true);
	}

	/** Inserts {@code burst} rows at once, then one every 100-400 ms until closed. */
	void start(int burst) {
		for (int i = 0; i < burst; i++) {
			insertOne();
		}
		this.thread.start();
	}

	int inserted() {
		return this.inserted.get();
	}

	int refused() {
		return this.refused.get();
	}

	private void feed() {
		while (this.running) {
			insertOne();
			try {
				Thread.sleep(100 + this.random.nextInt(300));
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void insertOne() {
		int n = this.inserted.get() + this.refused.get() + 1;
		int user = 1 + this.random.nextInt(ChaosScenario.USERS);
		String id = "g-" + n + "-" + KINDS[this.random.nextInt(KINDS.length)];
		try {
			this.jdbc.update(INSERT, id, "p" + user, "u" + user);
			this.inserted.incrementAndGet();
		}
		catch (DataAccessException ex) {
			this.refused.incrementAndGet();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join(5_000);
	}

}
