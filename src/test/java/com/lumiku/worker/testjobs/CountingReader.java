package com.lumiku.worker.testjobs;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/** Reads 1..n, sleeping before each item; restartable from the saved read count. */
public class CountingReader extends AbstractItemCountingItemStreamItemReader<Integer> {

	private final int items;

	private final long delayMillis;

	private final String runKey;

	private int next;

	CountingReader(int items, long delayMillis, String runKey) {
		this.items = items;
		this.delayMillis = delayMillis;
		this.runKey = runKey;
		setName("counting");
		setMaxItemCount(items);
	}

	String runKey() {
		return this.runKey;
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
