package com.lumiku.worker.scheduling;

/** What to do with ticks missed while no worker could run them. */
public enum MisfirePolicy {

	/** Drop missed ticks; wait for the next one. */
	SKIP,

	/** Run once now for all the missed ticks, then go on as scheduled. */
	FIRE_ONCE,

	/** Run every missed tick, up to {@code catchUpLimit} of them. */
	CATCH_UP

}
