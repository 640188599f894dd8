package com.lumiku.worker.bulk;

/**
 * One kind of change a bulk job makes, for its metrics ({@code job} and {@code action}
 * tags), declared as a bean so that its meters exist, at 0, before the first run.
 *
 * @param job the job name
 * @param action what happens to the rows, e.g. {@code deleted-sessions}
 */
public record BulkAction(String job, String action) {
}
