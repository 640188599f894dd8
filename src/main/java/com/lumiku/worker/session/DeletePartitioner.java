package com.lumiku.worker.session;

import java.util.Collection;
import java.util.Map;

import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits a {@link DeleteOlderThan} run into {@code parallelism} partitions (see
 * {@link DeleteOlderThan#partition}). The grid size Spring Batch passes is ignored: the
 * run's {@code parallelism} parameter decides, and names the partitions the same way on a
 * restart, which then carries on each unfinished partition from its saved context.
 */
class DeletePartitioner implements Partitioner, PartitionNameProvider {

	private final DeleteOlderThan delete;

	private final JdbcTemplate jdbc;

	private final int limit;

	private final int parallelism;

	DeletePartitioner(DeleteOlderThan delete, JdbcTemplate jdbc, int limit, int parallelism) {
		this.delete = delete;
		this.jdbc = jdbc;
		this.limit = limit;
		this.parallelism = parallelism;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		return this.delete.partition(this.jdbc, this.limit, this.parallelism);
	}

	@Override
	public Collection<String> getPartitionNames(int gridSize) {
		return DeleteOlderThan.partitionNames(this.parallelism);
	}

}
