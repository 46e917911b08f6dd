package dev.jwtrevocation.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of Redis that can stop forwarding what Redis sends while keeping
 * every socket open: the silent stall of a congested network or a half-dead load
 * balancer, which no connection event reports.
 * <p>
 * It listens on loopback and forwards to Redis wherever Redis listens (a container's host
 * need not be loopback): point the application at {@link #url()}, never at Redis's host
 * with the proxy's port.
 */
public final class StallingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String upstreamHost;

	private final int upstreamPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean stalled;

	public StallingProxy(String upstreamHost, int upstreamPort) {
		this.upstreamHost = upstreamHost;
		this.upstreamPort = upstreamPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "stalling-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Where the proxy listens, as {@code spring.data.redis.url} says it. */
	public String url() {
		return "redis://" + this.server.getInetAddress().getHostAddress() + ":" + port();
	}

	/** Redis-to-client bytes stop flowing; client-to-Redis bytes still do. */
	public void stall() {
		this.stalled = true;
	}

	public void resume() {
		this.stalled = false;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.upstreamHost, this.upstreamPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client.getInputStream(), upstream.getOutputStream(), false);
				pump(upstream.getInputStream(), client.getOutputStream(), true);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(InputStream in, OutputStream out, boolean stallable) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					while (stallable && this.stalled) {
						Thread.sleep(2);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed
			}
			finally {
				try {
					out.close();
				}
				catch (IOException ex) {
					// already closed
				}
			}
		}, "stalling-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

}
