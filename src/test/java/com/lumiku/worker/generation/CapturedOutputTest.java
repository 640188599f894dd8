package com.lumiku.worker.generation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A command handler's output, read in bounded memory: what is kept of it. */
class CapturedOutputTest {

	@Test
	void the_output_columns_and_the_end_are_kept_whatever_the_chunks() throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			text.append("frame ").append(i).append('\n');
			if (i == 500) {
				text.append("outputPath=/outputs/a.mp4\n");
			}
		}
		text.append("errorMessage=not an output column\nthe end");
		CapturedOutput output = new CapturedOutput(List.of("outputPath", "outputPaths"));

		output.readFrom(randomChunks(text.toString().getBytes(StandardCharsets.UTF_8), 17));

		assertThat(output.outputs()).containsExactly(java.util.Map.entry("outputPath", "/outputs/a.mp4"));
		assertThat(output.total()).isEqualTo(text.length());
		String tail = output.tail(CapturedOutput.TAIL_BYTES);
		String expected = text.substring(text.length() - CapturedOutput.TAIL_BYTES).strip();
		assertThat(tail).isEqualTo("..." + expected + " (" + text.length() + " bytes of output; only the end is kept)");
		assertThat(output.tail(20)).startsWith("...utput column\nthe end (");
	}

	@Test
	void a_short_output_is_kept_whole_and_a_line_over_the_limit_is_skipped() throws IOException {
		String huge = "outputPath=" + "x".repeat(CapturedOutput.MAX_LINE_BYTES) + "\n";
		CapturedOutput output = new CapturedOutput(List.of("outputPath"));

		output.readFrom(new ByteArrayInputStream((huge + "done\n").getBytes(StandardCharsets.UTF_8)));

		assertThat(output.outputs()).isEmpty();
		CapturedOutput small = new CapturedOutput(List.of("outputPath"));
		small.readFrom(new ByteArrayInputStream("rendering\r\noutputPath=/o.mp4\r\n".getBytes(StandardCharsets.UTF_8)));
		assertThat(small.outputs()).containsEntry("outputPath", "/o.mp4");
		assertThat(small.tail(500)).isEqualTo("rendering\r\noutputPath=/o.mp4");
	}

	private static InputStream randomChunks(byte[] bytes, long seed) {
		Random random = new Random(seed);
		return new InputStream() {

			private int position;

			@Override
			public int read() {
				return (this.position < bytes.length) ? bytes[this.position++] & 0xff : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.position >= bytes.length) {
					return -1;
				}
				int n = Math.min(Math.min(length, 1 + random.nextInt(9000)), bytes.length - this.position);
				System.arraycopy(bytes, this.position, buffer, offset, n);
				this.position += n;
				return n;
			}

		};
	}

}
