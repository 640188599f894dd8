package com.lumiku.worker.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The app's side of a benchmark: a login-style lookup ({@code sessions} by {@code token})
 * on its own connection, in a loop, timing every query until stopped.
 */
final class LatencyProbe implements AutoCloseable {

	private static final String LOOKUP = "SELECT id, \"userId\", \"expiresAt\" FROM sessions WHERE token = ?";

	private final Thread thread;

	private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean running = true;

	LatencyProbe(String url, String user, String password, long sessions) {
		this.thread = new Thread(() -> loop(url, user, password, sessions), "bench-latency-probe");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop(String url, String user, String password, long sessions) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
			while (this.running) {
				lookup.setString(1, "tok-" + ThreadLocalRandom.current().nextLong(1, sessions + 1));
				long started = System.nanoTime();
				try (ResultSet rows = lookup.executeQuery()) {
					while (rows.next()) {
						rows.getString(1);
					}
				}
				this.nanos.add(System.nanoTime() - started);
				Thread.sleep(2);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("latency probe failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops the probe and returns {p50, p99, max} in milliseconds and the query count.
	 */
	double[] stop() {
		this.running = false;
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Long> sorted = new ArrayList<>(this.nanos);
		Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return new double[] { Double.NaN, Double.NaN, Double.NaN, 0 };
		}
		return new double[] { millis(sorted, 0.50), millis(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6,
				sorted.size() };
	}

	private static double millis(List<Long> sorted, double quantile) {
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
		return sorted.get(Math.max(0, index)) / 1e6;
	}

	@Override
	public void close() {
		this.running = false;
	}

}
