package com.lumiku.worker.partition;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a benchmark run's time went, as evidence for its latency figures: CPU seconds of
 * this JVM and of the PostgreSQL server's processes (when it runs on this machine, read
 * from /proc), the machine's busy share, this JVM's garbage-collection pauses, and the
 * server's temporary-file bytes (sorts that spilled to disk) and WAL bytes.
 */
final class BenchResources {

	/** What one run used. */
	record Used(double seconds, double jvmCpu, double serverCpu, double machineBusy, double gcSeconds, long gcCount,
			long tempBytes, long walBytes) {

		String describe() {
			return "%.2f s wall: JVM CPU %.2f s (GC %d pauses, %.2f s), PostgreSQL CPU %s, machine busy %.0f%%,"
				.formatted(this.seconds, this.jvmCpu, this.gcCount, this.gcSeconds,
						(this.serverCpu < 0) ? "n/a" : "%.2f s".formatted(this.serverCpu), 100 * this.machineBusy)
					+ " temp files %,d MB, WAL %,d MB".formatted(this.tempBytes >> 20, this.walBytes >> 20);
		}

	}

	private static final double CLOCK_TICKS = 100.0;

	private final JdbcTemplate jdbc;

	private final Optional<Long> postmaster;

	private final long startNanos;

	private final long jvmCpu;

	private final double serverCpu;

	private final long[] machine;

	private final long gcMillis;

	private final long gcCount;

	private final long tempBytes;

	private final String walLsn;

	private BenchResources(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		Long backend = jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
		this.postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
		this.startNanos = System.nanoTime();
		this.jvmCpu = jvmCpuNanos();
		this.serverCpu = serverCpuSeconds();
		this.machine = machineTicks();
		this.gcMillis = gc().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
		this.gcCount = gc().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
		this.tempBytes = tempBytes();
		this.walLsn = jdbc.queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
	}

	static BenchResources start(JdbcTemplate jdbc) {
		return new BenchResources(jdbc);
	}

	Used stop() {
		long[] machineNow = machineTicks();
		long busy = (machineNow[0] - this.machine[0]);
		long total = (machineNow[1] - this.machine[1]);
		double server = serverCpuSeconds();
		Long wal = this.jdbc.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint",
				Long.class, this.walLsn);
		return new Used((System.nanoTime() - this.startNanos) / 1e9, (jvmCpuNanos() - this.jvmCpu) / 1e9,
				(server < 0 || this.serverCpu < 0) ? -1 : server - this.serverCpu,
				(total > 0) ? (double) busy / total : 0,
				(gc().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - this.gcMillis) / 1e3,
				gc().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - this.gcCount,
				tempBytes() - this.tempBytes, (wal != null) ? wal : 0);
	}

	private long tempBytes() {
		Long bytes = this.jdbc
			.queryForObject("SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()", Long.class);
		return (bytes != null) ? bytes : 0;
	}

	private static List<GarbageCollectorMXBean> gc() {
		return ManagementFactory.getGarbageCollectorMXBeans();
	}

	private static long jvmCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	/** utime + stime of the postmaster and its children, or -1 if not readable here. */
	private double serverCpuSeconds() {
		if (this.postmaster.isEmpty()) {
			return -1;
		}
		Optional<ProcessHandle> server = ProcessHandle.of(this.postmaster.get());
		if (server.isEmpty()) {
			return -1;
		}
		long ticks = cpuTicks(server.get().pid());
		if (ticks < 0) {
			return -1;
		}
		ticks += server.get().children().mapToLong((child) -> Math.max(0, cpuTicks(child.pid()))).sum();
		return ticks / CLOCK_TICKS;
	}

	private static long cpuTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields after the command: state(0) ... utime(11) stime(12)
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** {busy, total} jiffies of all CPUs, from /proc/stat; zeros if not readable. */
	private static long[] machineTicks() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < cpu.length; i++) {
				total += Long.parseLong(cpu[i]);
			}
			long idle = Long.parseLong(cpu[4]) + ((cpu.length > 5) ? Long.parseLong(cpu[5]) : 0);
			return new long[] { total - idle, total };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

}
