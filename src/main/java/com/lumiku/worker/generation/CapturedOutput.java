package com.lumiku.worker.generation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command handler's program printed, read in bounded memory however much it
 * prints: the {@code column=value} lines that name an output column (each up to
 * {@link #MAX_LINE_BYTES}), the last {@link #TAIL_BYTES} bytes for the error message, and
 * the total count. Nothing else is kept, so a program that prints 100 MB costs a few
 * kilobytes.
 */
final class CapturedOutput {

	/** The longest output line read back; a longer line is skipped. */
	static final int MAX_LINE_BYTES = 64 * 1024;

	/** How much of the end of the output is kept for the error message. */
	static final int TAIL_BYTES = 4 * 1024;

	private final List<String> outputColumns;

	private final Map<String, String> outputs = new HashMap<>();

	private final byte[] tail = new byte[TAIL_BYTES];

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private boolean lineTooLong;

	private long total;

	CapturedOutput(Collection<String> outputColumns) {
		this.outputColumns = List.copyOf(outputColumns);
	}

	/** Reads the stream to its end (or until it is closed under us). */
	void readFrom(InputStream input) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		int read;
		while ((read = input.read(buffer)) != -1) {
			append(buffer, read);
		}
		synchronized (this) {
			endLine();
		}
	}

	private synchronized void append(byte[] buffer, int length) {
		keepTail(buffer, length);
		int start = 0;
		for (int i = 0; i < length; i++) {
			if (buffer[i] == '\n') {
				addToLine(buffer, start, i - start);
				endLine();
				start = i + 1;
			}
		}
		addToLine(buffer, start, length - start);
	}

	private void keepTail(byte[] buffer, int length) {
		int i = Math.max(0, length - TAIL_BYTES);
		while (i < length) {
			int position = (int) ((this.total + i) % TAIL_BYTES);
			int run = Math.min(length - i, TAIL_BYTES - position);
			System.arraycopy(buffer, i, this.tail, position, run);
			i += run;
		}
		this.total += length;
	}

	private void addToLine(byte[] buffer, int offset, int length) {
		int room = MAX_LINE_BYTES - this.line.size();
		if (length > room) {
			this.lineTooLong = true;
		}
		if (room > 0 && length > 0) {
			this.line.write(buffer, offset, Math.min(room, length));
		}
	}

	private void endLine() {
		if (!this.lineTooLong && this.line.size() > 0) {
			String text = this.line.toString(StandardCharsets.UTF_8);
			if (text.endsWith("\r")) {
				text = text.substring(0, text.length() - 1);
			}
			int equals = text.indexOf('=');
			if (equals > 0 && this.outputColumns.contains(text.substring(0, equals))) {
				this.outputs.put(text.substring(0, equals), text.substring(equals + 1));
			}
		}
		this.line.reset();
		this.lineTooLong = false;
	}

	/** The output columns the program printed, {@code column=value}. */
	synchronized Map<String, String> outputs() {
		return new HashMap<>(this.outputs);
	}

	/** Bytes printed in all. */
	synchronized long total() {
		return this.total;
	}

	/**
	 * The end of the output for an error message, at most {@code limit} characters,
	 * saying how much was printed when that is more than is shown.
	 */
	synchronized String tail(int limit) {
		int kept = (int) Math.min(this.total, TAIL_BYTES);
		byte[] bytes = new byte[kept];
		long start = this.total - kept;
		for (int i = 0; i < kept; i++) {
			bytes[i] = this.tail[(int) ((start + i) % TAIL_BYTES)];
		}
		String text = new String(bytes, StandardCharsets.UTF_8).strip();
		boolean cut = this.total > kept || text.length() > limit;
		if (text.length() > limit) {
			text = text.substring(text.length() - limit);
		}
		return cut ? "..." + text + " (" + this.total + " bytes of output; only the end is kept)" : text;
	}

}
