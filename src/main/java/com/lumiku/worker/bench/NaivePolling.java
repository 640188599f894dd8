package com.lumiku.worker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.lumiku.worker.generation.ClaimedGeneration;
import com.lumiku.worker.generation.GenerationHandler;
import com.lumiku.worker.generation.GenerationTable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The polling the app's optimization report proposes (see
 * docs/lumiku-app.md#the-optimization-report), for the benchmark only: each thread finds
 * the 10 oldest pending rows ({@code findMany} ordered by {@code createdAt},
 * {@code take 10}), then for each row marks it processing, runs the handler and marks it
 * completed, one update per step and no lock: two threads that read the same rows both
 * process them.
 */
final class NaivePolling {

	private NaivePolling() {
	}

	static Runnable start(DataSource dataSource, int threads, GenerationHandler handler) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<Thread> started = new ArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				while (running.get()) {
					List<Map<String, Object>> rows = jdbc.queryForList("""
							SELECT id, "userId" FROM looping_flow_generations WHERE status = 'pending'
							ORDER BY "createdAt" LIMIT 10""");
					if (rows.isEmpty()) {
						sleep();
						continue;
					}
					for (Map<String, Object> row : rows) {
						String id = (String) row.get("id");
						jdbc.update("UPDATE looping_flow_generations SET status = 'processing' WHERE id = ?", id);
						try {
							handler.handle(new ClaimedGeneration(GenerationTable.LOOPING_FLOW, id,
									(String) row.get("userId"), 1, Map.of(), "{}", System.nanoTime()));
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
						jdbc.update("""
								UPDATE looping_flow_generations SET status = 'completed',
								    "completedAt" = timezone('UTC', now()) WHERE id = ?""", id);
					}
				}
			}, "naive-" + i);
			thread.setDaemon(true);
			thread.start();
			started.add(thread);
		}
		return () -> {
			running.set(false);
			for (Thread thread : started) {
				try {
					thread.join(10_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
