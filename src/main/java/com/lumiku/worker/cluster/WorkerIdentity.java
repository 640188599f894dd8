package com.lumiku.worker.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who this process is in the cluster: {@code LUMIKU_WORKER_ID} (or host and pid) plus a
 * random suffix that makes every start a new incarnation. The id names the heartbeat row
 * and the owner of every job execution this process runs.
 */
@Component
public class WorkerIdentity {

	private final String id;

	private final String host;

	private final long pid;

	private final String mode;

	public WorkerIdentity(@Value("${lumiku.worker-id:}") String configuredId,
			@Value("${lumiku.mode:tool}") String mode) {
		this.host = hostName();
		this.pid = ProcessHandle.current().pid();
		String name = configuredId.isBlank() ? this.host + "-" + this.pid : configuredId;
		// A random suffix per start: a restarted process with the same LUMIKU_WORKER_ID
		// must not be mistaken for its dead predecessor, whose runs need recovering.
		this.id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.mode = mode;
	}

	public String id() {
		return this.id;
	}

	public String host() {
		return this.host;
	}

	public long pid() {
		return this.pid;
	}

	/** {@code serve} for the daemon, {@code tool} for a one-shot command. */
	public String mode() {
		return this.mode;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
