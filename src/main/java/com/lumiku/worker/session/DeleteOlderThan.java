package com.lumiku.worker.session;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.lumiku.worker.bulk.BatchedWork;
import com.lumiku.worker.bulk.RunCutoff;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes the rows of a table whose timestamp column is at or before a cutoff (database
 * clock, UTC like the app's {@code timestamp(3)} columns, minus a retention, fixed at the
 * run's first batch; see {@link RunCutoff}), in one of two ways chosen at that first
 * batch and kept in the step's context with the position, so a restart carries on the
 * same way:
 * <ul>
 * <li><b>index</b>, when a minority of the table is due: oldest first along the column's
 * index, with a keyset (a long run never rescans the dead index entries of the batches
 * before it), deleting by tuple id;</li>
 * <li><b>blocks</b>, when at least {@value #BLOCK_SCAN_SHARE} of the table is due (a
 * first clean-up, a backlog): one sequential pass over the table's pages in ranges of
 * about {@code batchSize} rows ({@code ctid} range scans), as the single {@code DELETE}
 * would read it, but in short transactions.</li>
 * </ul>
 * A run can also be split beforehand ({@link #partition}) into partitions that share its
 * cutoff and strategy: with blocks, each takes a contiguous share of the pages, so
 * several can delete at once on their own connections. Rows the app holds locked are
 * waited for at most the batch's lock timeout (the app does not lock expired sessions or
 * old devices).
 */
final class DeleteOlderThan {

	static final double BLOCK_SCAN_SHARE = 0.2;

	static final int SAMPLED_BLOCKS = 500;

	/**
	 * The only tables and columns this deletes by (identifiers are not bind parameters).
	 */
	private static final Set<String> TARGETS = Set.of("sessions.expiresAt", "devices.lastActive");

	private static final String STRATEGY = "strategy";

	private static final String AFTER = "after";

	private static final String NEXT_BLOCK = "nextBlock";

	private static final String END_BLOCK = "endBlock";

	private static final String BLOCKS_PER_BATCH = "blocksPerBatch";

	private static final String BLOCKS = "blocks";

	private static final String INDEX = "index";

	/** A partition with nothing to do: the index walk is the first partition's alone. */
	private static final String NOTHING = "none";

	private static final String SIZE = """
			SELECT greatest(c.reltuples, 0)::bigint AS tuples,
			       pg_relation_size(c.oid) / current_setting('block_size')::bigint AS blocks
			FROM pg_class c WHERE c.oid = ?::regclass
			""";

	private final String table;

	private final String alongIndexSql;

	private final String blockRangeSql;

	private final String countSql;

	private final String sampleSql;

	private final Duration retention;

	DeleteOlderThan(String table, String column, Duration retention) {
		if (!TARGETS.contains(table + "." + column)) {
			throw new IllegalArgumentException("not a cleanup target: " + table + "." + column);
		}
		this.table = table;
		this.retention = retention;
		this.alongIndexSql = """
				WITH gone AS (
				    DELETE FROM %1$s WHERE ctid = ANY (ARRAY(
				        SELECT ctid FROM %1$s
				        WHERE "%2$s" >= ? AND "%2$s" <= ?
				        ORDER BY "%2$s" LIMIT ?))
				    RETURNING "%2$s" AS at)
				SELECT count(*) AS rows, max(at) AS last FROM gone
				""".formatted(table, column);
		this.blockRangeSql = """
				WITH gone AS (
				    DELETE FROM %1$s WHERE ctid >= (?)::tid AND ctid < (?)::tid AND "%2$s" <= ?
				    RETURNING 1)
				SELECT count(*) FROM gone
				""".formatted(table, column);
		this.sampleSql = """
				SELECT coalesce(avg(CASE WHEN "%2$s" <= ? THEN 1.0 ELSE 0.0 END), 0)::float8
				FROM %1$s TABLESAMPLE SYSTEM (?)
				""".formatted(table, column);
		this.countSql = """
				SELECT count(*) FROM (SELECT 1 FROM %1$s WHERE "%2$s" <= ? LIMIT ?) candidates
				""".formatted(table, column);
	}

	BatchedWork.Result deleteBatch(JdbcTemplate jdbc, int limit, ExecutionContext context) {
		LocalDateTime cutoff = cutoff(jdbc, context);
		if (!context.containsKey(STRATEGY)) {
			chooseStrategy(jdbc, limit, context, cutoff);
		}
		return switch (context.getString(STRATEGY)) {
			case BLOCKS -> deleteBlockRange(jdbc, limit, context, cutoff);
			case INDEX -> deleteAlongIndex(jdbc, limit, context, cutoff);
			default -> new BatchedWork.Result(0, 0);
		};
	}

	/**
	 * Plans a run as {@code parallelism} partitions named by {@link #partitionNames}: the
	 * run's cutoff and strategy are fixed here, once; with blocks each partition gets a
	 * contiguous share of the table's pages, along the index the first does it all.
	 * @param jdbc the database
	 * @param limit rows per batch
	 * @param parallelism the number of partitions
	 * @return each partition's starting step context, by name
	 */
	Map<String, ExecutionContext> partition(JdbcTemplate jdbc, int limit, int parallelism) {
		ExecutionContext plan = new ExecutionContext();
		chooseStrategy(jdbc, limit, plan, cutoff(jdbc, plan));
		boolean blocks = BLOCKS.equals(plan.getString(STRATEGY));
		long end = plan.getLong(END_BLOCK);
		long share = (end + parallelism - 1) / parallelism;
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		List<String> names = partitionNames(parallelism);
		for (int i = 0; i < parallelism; i++) {
			ExecutionContext partition = new ExecutionContext(plan);
			if (blocks) {
				partition.putLong(NEXT_BLOCK, Math.min(end, i * share));
				partition.putLong(END_BLOCK, Math.min(end, (i + 1) * share));
			}
			else if (i > 0) {
				partition.putString(STRATEGY, NOTHING);
			}
			partitions.put(names.get(i), partition);
		}
		return partitions;
	}

	/**
	 * The names of a run's partitions ({@code 1-of-2}, {@code 2-of-2}), the same on a
	 * restart.
	 * @param parallelism the number of partitions
	 * @return the names
	 */
	static List<String> partitionNames(int parallelism) {
		return IntStream.rangeClosed(1, parallelism).mapToObj((i) -> i + "-of-" + parallelism).toList();
	}

	long countRemaining(JdbcTemplate jdbc, long cap, ExecutionContext context) {
		Long count = jdbc.queryForObject(this.countSql, Long.class, cutoff(jdbc, context), cap);
		return (count != null) ? count : 0;
	}

	private void chooseStrategy(JdbcTemplate jdbc, int limit, ExecutionContext context, LocalDateTime cutoff) {
		Map<String, Object> size = jdbc.queryForMap(SIZE, this.table);
		long tuples = ((Number) size.get("tuples")).longValue();
		long blocks = ((Number) size.get("blocks")).longValue();
		long share = (long) (tuples * BLOCK_SCAN_SHARE);
		boolean backlog = share > limit && blocks > 0 && isBacklog(jdbc, cutoff, share, blocks);
		context.putString(STRATEGY, backlog ? BLOCKS : INDEX);
		context.putLong(NEXT_BLOCK, 0);
		context.putLong(END_BLOCK, blocks);
		context.putLong(BLOCKS_PER_BATCH, Math.max(1, limit * blocks / Math.max(1, tuples)));
	}

	/**
	 * Whether at least {@value #BLOCK_SCAN_SHARE} of the table is due: counted (up to
	 * {@code share} rows) on a small table, judged on a sample of about
	 * {@value #SAMPLED_BLOCKS} pages of a big one, where counting a fifth of the rows
	 * would cost a good part of a second.
	 */
	private boolean isBacklog(JdbcTemplate jdbc, LocalDateTime cutoff, long share, long blocks) {
		if (blocks < 4 * SAMPLED_BLOCKS) {
			return jdbc.queryForObject(this.countSql, Long.class, cutoff, share) >= share;
		}
		Double sampled = jdbc.queryForObject(this.sampleSql, Double.class, cutoff, 100.0 * SAMPLED_BLOCKS / blocks);
		return sampled != null && sampled >= BLOCK_SCAN_SHARE;
	}

	private BatchedWork.Result deleteAlongIndex(JdbcTemplate jdbc, int limit, ExecutionContext context,
			LocalDateTime cutoff) {
		LocalDateTime after = context.containsKey(AFTER) ? LocalDateTime.parse(context.getString(AFTER))
				: LocalDateTime.of(1, 1, 1, 0, 0);
		Map<String, Object> result = jdbc.queryForMap(this.alongIndexSql, after, cutoff, limit);
		Object last = result.get("last");
		if (last != null) {
			context.putString(AFTER, ((java.sql.Timestamp) last).toLocalDateTime().toString());
		}
		return BatchedWork.Result.changed(((Number) result.get("rows")).intValue());
	}

	private BatchedWork.Result deleteBlockRange(JdbcTemplate jdbc, int limit, ExecutionContext context,
			LocalDateTime cutoff) {
		long from = context.getLong(NEXT_BLOCK);
		long end = context.getLong(END_BLOCK);
		if (from >= end) {
			return new BatchedWork.Result(0, 0);
		}
		long to = Math.min(end, from + context.getLong(BLOCKS_PER_BATCH));
		Integer deleted = jdbc.queryForObject(this.blockRangeSql, Integer.class, "(" + from + ",0)", "(" + to + ",0)",
				cutoff);
		context.putLong(NEXT_BLOCK, to);
		// a full batch while pages remain; fewer than the limit once the pass is over
		return new BatchedWork.Result((to >= end) ? 0 : limit, (deleted != null) ? deleted : 0);
	}

	private LocalDateTime cutoff(JdbcTemplate jdbc, ExecutionContext context) {
		return RunCutoff.of(jdbc, context, this.retention);
	}

}
