package com.lumiku.worker.testjobs;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/** Reads 1..n, sleeping before each item; restartable from the saved read count. */
public class CountingReader extends AbstractItemCountingItemStreamItemReader<Integer> {

	private final int items;

	private final long delayMillis;

	private int next;

	CountingReader(int items, long delayMillis) {
		this.items = items;
		this.delayMillis = delayMillis;
		setName("counting");
		setMaxItemCount(items);
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
