package lumiku.peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;

/**
 * db-scheduler as a peer of the generation queue, speaking the protocol of
 * bench-peers/peer.mjs: {@code java -cp 'target/classes:target/lib/*' lumiku.peers.DbSchedulerPeer
 * <worker-jdbc-url> <seed-jdbc-url> <threads>}. One-time no-op tasks, lock-and-fetch polling
 * (db-scheduler's fastest strategy on PostgreSQL), 50 ms polling interval (db-scheduler has
 * no notifications; its default is 10 s). Claim-to-start is measured from the execution's
 * pick time (its last_heartbeat, set when it is locked) to the handler's start.
 */
public final class DbSchedulerPeer {

	private static final String TABLE = """
			CREATE TABLE IF NOT EXISTS scheduled_tasks (
			    task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
			    execution_time timestamptz NOT NULL, picked boolean NOT NULL, picked_by text,
			    last_success timestamptz, last_failure timestamptz, consecutive_failures int,
			    last_heartbeat timestamptz, version bigint NOT NULL, priority smallint,
			    PRIMARY KEY (task_name, task_instance));
			CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time);
			CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
			CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
			""";

	public static void main(String[] args) throws Exception {
		String workerUrl = args[0];
		String seedUrl = args[1];
		int threads = Integer.parseInt(args[2]);
		ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
		OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> {
			Instant picked = context.getExecution().lastHeartbeat;
			long micros = Duration.between(picked, Instant.now()).toNanos() / 1000;
			ran.add(instance.getId() + " " + micros);
		});
		try (HikariDataSource workers = pool(workerUrl, threads + 2);
				HikariDataSource seeder = pool(seedUrl, 2)) {
			try (Connection connection = seeder.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute(TABLE);
			}
			Scheduler scheduler = Scheduler.create(workers, List.of(noop))
				.threads(threads)
				.pollUsingLockAndFetch(0.5, 1.0)
				.pollingInterval(Duration.ofMillis(50))
				.build();
			scheduler.start();
			SchedulerClient client = SchedulerClient.Builder.create(seeder, noop).build();
			AtomicLong next = new AtomicLong();
			System.out.println("ready");
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] words = line.trim().split("\\s+", 2);
				if (words[0].equals("seed")) {
					int n = Integer.parseInt(words[1]);
					List<TaskInstance<?>> instances = new ArrayList<>(n);
					for (int i = 0; i < n; i++) {
						instances.add(noop.instance("job-" + next.incrementAndGet()));
					}
					client.scheduleBatch(instances, Instant.now());
					System.out.println("seeded");
				}
				else if (words[0].equals("report")) {
					List<String> lines = new ArrayList<>();
					for (String entry = ran.poll(); entry != null; entry = ran.poll()) {
						lines.add(entry);
					}
					Files.write(Path.of(words[1]), lines);
					System.out.println("reported " + lines.size());
				}
				else if (words[0].equals("stop")) {
					break;
				}
			}
			scheduler.stop();
		}
	}

	private static HikariDataSource pool(String url, int size) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setMaximumPoolSize(size);
		return pool;
	}

}
