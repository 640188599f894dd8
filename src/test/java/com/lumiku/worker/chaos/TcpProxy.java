package com.lumiku.worker.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between one worker process and PostgreSQL that the chaos driver can turn
 * against its client: {@link #drop()} closes every connection through it and refuses new
 * ones until {@link #heal()}; {@link #stall()} stops moving bytes either way (the
 * connections stay open, as behind a dead router) until {@link #heal()}.
 */
final class TcpProxy implements AutoCloseable {

	private enum Mode {

		PASS, STALL, DROP

	}

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private volatile Mode mode = Mode.PASS;

	private TcpProxy(ServerSocket server, int targetPort) {
		this.server = server;
		this.targetPort = targetPort;
	}

	static TcpProxy start(int targetPort) throws IOException {
		TcpProxy proxy = new TcpProxy(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), targetPort);
		Thread acceptor = new Thread(proxy::accept, "chaos-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		return proxy;
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** Closes every connection and refuses new ones until healed. */
	void drop() {
		this.mode = Mode.DROP;
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	/** Stops forwarding bytes (connections stay open) until healed. */
	void stall() {
		this.mode = Mode.STALL;
	}

	void heal() {
		synchronized (this.lock) {
			this.mode = Mode.PASS;
			this.lock.notifyAll();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.mode == Mode.DROP) {
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// the server is closed, or PostgreSQL is down: the client sees a closed
				// socket
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					awaitNotStalled();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed by the other side or by drop()
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "chaos-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitNotStalled() throws InterruptedException {
		synchronized (this.lock) {
			while (this.mode == Mode.STALL) {
				this.lock.wait(100);
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

}
