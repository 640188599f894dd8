package com.lumiku.worker.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Partition archival: each month archived once, nothing dropped before its file was
 * re-read and matched, no stray file, no credits row lost.
 */
final class ArchiveChecks extends Checks {

	ArchiveChecks(JdbcTemplate jdbc, EventLog log, InvariantTable table) {
		super(jdbc, log, table);
	}

	void check(Path archiveDirectory, long seededCredits) throws IOException {
		List<Map<String, Object>> archives = this.jdbc.queryForList("""
				SELECT id, table_name, label, state, partition_name, file_path, row_count, checksum
				FROM lumiku_worker.archive ORDER BY id""");
		this.table.add("no month archived twice", archives.size(), strings("""
				SELECT table_name || ' ' || label || ': ' || count(*) || ' archives'
				FROM lumiku_worker.archive GROUP BY table_name, label HAVING count(*) > 1"""));
		List<String> unverified = new ArrayList<>();
		for (Map<String, Object> archive : archives) {
			if (!"dropped".equals(archive.get("state"))) {
				unverified.add(archive.get("label") + " left " + archive.get("state"));
				continue;
			}
			String problem = fileProblem(archive);
			if (problem != null) {
				unverified.add(archive.get("label") + ": " + problem);
			}
			if (this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
					(String) archive.get("partition_name"))) {
				unverified.add(archive.get("label") + ": dropped, yet " + archive.get("partition_name") + " exists");
			}
		}
		this.table.add("no partition dropped unverified (file re-read: rows and SHA-256)", archives.size(), unverified);
		List<String> expected = List.of("legacy", month(-3), month(-2));
		List<String> labels = archives.stream().map((archive) -> (String) archive.get("label")).toList();
		this.table.add("every month past retention archived (legacy, " + month(-3) + ", " + month(-2) + ")",
				expected.size(), expected.stream().filter((label) -> !labels.contains(label)).toList());
		List<String> stray = new ArrayList<>();
		try (Stream<Path> files = Files.walk(archiveDirectory)) {
			files.filter(Files::isRegularFile)
				.filter((file) -> archives.stream()
					.noneMatch((archive) -> file.toAbsolutePath().toString().equals(archive.get("file_path"))))
				.forEach((file) -> stray.add(file.toString()));
		}
		this.table.add("no archive file outside the catalogue (no .part left)", archives.size(), stray);
		long archived = count("SELECT coalesce(sum(row_count), 0) FROM lumiku_worker.archive WHERE state = 'dropped'");
		long present = count("SELECT count(*) FROM credits");
		long written = seededCredits + count("SELECT count(*) FROM lumiku_worker.archive_carry_forward")
				+ count("SELECT count(*) FROM credits WHERE type = 'refund'");
		this.table.add("no credits row lost: seeded + carried forward + refunds = archived + present", written,
				(archived + present == written) ? List.of()
						: List.of("written " + written + ", archived " + archived + " + present " + present));
	}

	private static String fileProblem(Map<String, Object> archive) {
		Path file = Path.of((String) archive.get("file_path"));
		if (!Files.isRegularFile(file)) {
			return "file " + file + " missing";
		}
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			long rows = 0;
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
				for (int i = 0; i < read; i++) {
					rows += (buffer[i] == '\n') ? 1 : 0;
				}
			}
			String sha = HexFormat.of().formatHex(digest.digest());
			Object recordedRows = archive.get("row_count");
			if (recordedRows == null || ((Number) recordedRows).longValue() != rows
					|| !sha.equals(archive.get("checksum"))) {
				return "file has " + rows + " rows, sha256 " + sha + "; catalogue says " + recordedRows + ", "
						+ archive.get("checksum");
			}
			return null;
		}
		catch (IOException ex) {
			return "file unreadable: " + ex;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String month(int offset) {
		return java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(offset).toString();
	}

}
