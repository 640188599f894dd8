package com.lumiku.worker.generation;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle app workers when rows arrive: one connection {@code LISTEN}s on
 * {@code lumiku_generation_queue} (the V10 trigger notifies per INSERT statement with the
 * table name). Workers wait on their app's {@link Doorbell} for at most the poll
 * interval, so polling remains the fallback when a notification or the connection is
 * lost, and the only mechanism when {@code listen} is off (a pooler in transaction mode).
 */
final class QueueWakeup implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(QueueWakeup.class);

	private final DataSource dataSource;

	private final Map<String, Doorbell> doorbells = new ConcurrentHashMap<>();

	private volatile boolean running = true;

	QueueWakeup(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	Doorbell doorbell(GenerationTable table) {
		return this.doorbells.computeIfAbsent(table.table(), (key) -> new Doorbell());
	}

	void stop() {
		this.running = false;
	}

	@Override
	public void run() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("LISTEN lumiku_generation_queue");
				PGConnection listener = connection.unwrap(PGConnection.class);
				// rows that arrived before the LISTEN took effect
				this.doorbells.values().forEach(Doorbell::ring);
				while (this.running) {
					PGNotification[] notifications = listener.getNotifications(250);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							Doorbell doorbell = this.doorbells.get(notification.getParameter());
							if (doorbell != null) {
								doorbell.ring();
							}
						}
					}
				}
			}
			catch (Throwable ex) {
				if (this.running) {
					logger.warn("LISTEN lumiku_generation_queue failed (polling continues; retrying in 5 s): {}",
							ex.getMessage());
					sleep(Duration.ofSeconds(5));
				}
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A wake-up signal without lost wake-ups: wait only if nothing rang since a read. A
	 * ring can also be scheduled, for a retry whose backoff ends before the next poll.
	 */
	static final class Doorbell {

		private long rings;

		private long scheduledNanos = Long.MAX_VALUE;

		synchronized long rings() {
			return this.rings;
		}

		synchronized void ring() {
			this.rings++;
			notifyAll();
		}

		/** Rings after {@code delay} (the earliest scheduled ring wins). */
		synchronized void ringAfter(Duration delay) {
			this.scheduledNanos = Math.min(this.scheduledNanos, System.nanoTime() + delay.toNanos());
			notifyAll();
		}

		/** Waits until a ring after {@code seen}, at most {@code timeout}. */
		synchronized void await(long seen, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.rings == seen) {
				long now = System.nanoTime();
				if (now >= this.scheduledNanos) {
					this.scheduledNanos = Long.MAX_VALUE;
					this.rings++;
					notifyAll();
					return;
				}
				long until = Math.min(deadline, this.scheduledNanos);
				if (until <= now) {
					return;
				}
				wait(Math.max(1, (until - now) / 1_000_000));
			}
		}

	}

}
