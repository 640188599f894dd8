package com.lumiku.worker.partition;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Archive files: PostgreSQL's COPY text format of the archived rows in primary-key order,
 * gzip-compressed. A file's fingerprint is the row count and the SHA-256 of its
 * uncompressed bytes; the table's fingerprint is computed the same way over a second,
 * independent COPY of the same rows, so equal fingerprints mean the file holds exactly
 * the table's rows.
 */
final class ArchiveFiles {

	/**
	 * What a COPY stream held.
	 *
	 * @param rows rows (lines of the COPY text format: a newline inside a value is
	 * escaped)
	 * @param sha256 hex SHA-256 of the uncompressed bytes
	 * @param bytes size of the file on disk (0 for a table's fingerprint)
	 */
	record Fingerprint(long rows, String sha256, long bytes) {

		boolean sameRows(Fingerprint other) {
			return this.rows == other.rows && this.sha256.equals(other.sha256);
		}

	}

	private final DataSource dataSource;

	ArchiveFiles(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Told how far an export has got. */
	@FunctionalInterface
	interface Progress {

		Progress NONE = (rows, output) -> {
		};

		/**
		 * @param rows rows written so far
		 * @param output the file's stream ({@link Flushable#flush()} pushes what is
		 * compressed so far to the file)
		 */
		void written(long rows, Flushable output);

	}

	/**
	 * Writes the rows of a query to the file (through a temporary file renamed at the
	 * end, so a crash never leaves a half file under the final name).
	 * @param copyQuery a {@code SELECT} of fixed identifiers, no input
	 */
	Fingerprint export(String copyQuery, Path file) {
		return export(copyQuery, file, Progress.NONE);
	}

	/**
	 * Writes the rows of a query to the file, telling {@code progress} after each row
	 * (unless it is {@link Progress#NONE}).
	 */
	Fingerprint export(String copyQuery, Path file, Progress progress) {
		try {
			Files.createDirectories(file.getParent());
			Path part = file.resolveSibling(file.getFileName() + ".part");
			long rows;
			MessageDigest digest = sha256();
			try (OutputStream gzip = fastGzip(Files.newOutputStream(part));
					OutputStream out = counting(new DigestOutputStream(gzip, digest), progress)) {
				rows = copyOut(copyQuery, out);
			}
			Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return new Fingerprint(rows, HexFormat.of().formatHex(digest.digest()), Files.size(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write archive file " + file, ex);
		}
	}

	/**
	 * gzip at {@link Deflater#BEST_SPEED}: compressing at the default level 6 took most
	 * of the export's CPU, on the cores the app's inserts need (bench partitions). On
	 * rows shaped like the bench's, zlib level 1 compresses 2.7 times faster and the file
	 * is 7 % larger. {@code syncFlush}, so that a flush (only the test hook flushes)
	 * pushes out what is compressed so far.
	 */
	private static GZIPOutputStream fastGzip(OutputStream file) throws IOException {
		return new GZIPOutputStream(file, 1 << 16, true) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		};
	}

	private static OutputStream counting(OutputStream out, Progress progress) {
		if (progress == Progress.NONE) {
			return out;
		}
		return new FilterOutputStream(out) {

			private long rows;

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				this.out.write(bytes, offset, length);
				for (int i = offset; i < offset + length; i++) {
					if (bytes[i] == '\n') {
						this.rows++;
						progress.written(this.rows, this);
					}
				}
			}

		};
	}

	/** The fingerprint of the rows a query returns now (nothing written). */
	Fingerprint ofQuery(String copyQuery) {
		MessageDigest digest = sha256();
		try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			long rows = copyOut(copyQuery, out);
			return new Fingerprint(rows, HexFormat.of().formatHex(digest.digest()), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads a file back: decompresses it whole, counting rows and hashing the bytes.
	 * @throws PartitionException if the file is missing, truncated or not gzip
	 */
	Fingerprint read(Path file) {
		MessageDigest digest = sha256();
		long rows = 0;
		try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 1 << 16)) {
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						rows++;
					}
				}
			}
			return new Fingerprint(rows, HexFormat.of().formatHex(digest.digest()), Files.size(file));
		}
		catch (IOException ex) {
			throw new PartitionException("archive file " + file + " cannot be read back: " + ex, ex);
		}
	}

	/** Loads a file into a table through COPY FROM STDIN; returns the rows loaded. */
	long load(Connection connection, String copyInto, Path file) throws SQLException {
		try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 1 << 16)) {
			return copyManager(connection).copyIn(copyInto, in);
		}
		catch (IOException ex) {
			throw new PartitionException("archive file " + file + " cannot be read: " + ex, ex);
		}
	}

	/**
	 * The fingerprint of what a query returns on a given connection (its temp tables).
	 */
	Fingerprint ofQuery(Connection connection, String copyQuery) throws SQLException {
		MessageDigest digest = sha256();
		try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			long rows = copyManager(connection).copyOut("COPY (" + copyQuery + ") TO STDOUT", out);
			return new Fingerprint(rows, HexFormat.of().formatHex(digest.digest()), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private long copyOut(String copyQuery, OutputStream out) throws IOException {
		try (Connection connection = this.dataSource.getConnection()) {
			return copyManager(connection).copyOut("COPY (" + copyQuery + ") TO STDOUT", out);
		}
		catch (SQLException ex) {
			throw new PartitionException("COPY of (" + copyQuery + ") failed: " + ex.getMessage(), ex);
		}
	}

	static CopyManager copyManager(Connection connection) throws SQLException {
		return connection.unwrap(PGConnection.class).getCopyAPI();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
