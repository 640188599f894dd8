package com.lumiku.worker.testjobs;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/** Reads 1..n, sleeping before each item; restartable from the saved read count. */
public class CountingReader extends AbstractItemCountingItemStreamItemReader<Integer> {

	private final int items;

	private final long delayMillis;

	private final String runKey;

	private final int cutConnectionAt;

	private int next;

	CountingReader(int items, long delayMillis, String runKey, int cutConnectionAt) {
		this.items = items;
		this.cutConnectionAt = cutConnectionAt;
		this.delayMillis = delayMillis;
		this.runKey = runKey;
		setName("counting");
		setMaxItemCount(items);
	}

	String runKey() {
		return this.runKey;
	}

	/** The item at which the writer cuts its own database connection (0: never). */
	int cutConnectionAt() {
		return this.cutConnectionAt;
	}

	@Override
	protected Integer doRead() throws Exception {
		Thread.sleep(this.delayMillis);
		this.next++;
		return (this.next <= this.items) ? this.next : null;
	}

	@Override
	protected void jumpToItem(int itemIndex) {
		this.next = itemIndex;
	}

	@Override
	protected void doOpen() {
	}

	@Override
	protected void doClose() {
	}

}
