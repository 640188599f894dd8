package com.lumiku.worker.scheduling;

/** What a tick does when the previous run of the job is still going. */
public enum OverlapPolicy {

	/** Do not run this tick. */
	SKIP,

	/** Run this tick as soon as the previous run ends (at most one waits). */
	QUEUE_ONE

}
