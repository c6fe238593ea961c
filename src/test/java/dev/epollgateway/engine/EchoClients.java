package dev.epollgateway.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A group of {@link EchoClient}s closed together, so a test with many clients needs no try/finally of its own.
 */
final class EchoClients implements AutoCloseable, Iterable<EchoClient> {

	private final List<EchoClient> clients = new ArrayList<>();

	/** An empty group. */
	EchoClients() {
	}

	/** Connects {@code count} clients, one after the other. */
	static EchoClients connect(InetSocketAddress address, int count) throws IOException {
		EchoClients group = new EchoClients();
		try {
			for (int i = 0; i < count; i++) {
				group.add(EchoClient.connect(address));
			}
			return group;
		}
		catch (IOException | RuntimeException ex) {
			group.close();
			throw ex;
		}
	}

	/** Adds a client to be closed with the group; returns it. */
	EchoClient add(EchoClient client) {
		this.clients.add(client);
		return client;
	}

	EchoClient get(int index) {
		return this.clients.get(index);
	}

	int size() {
		return this.clients.size();
	}

	/** One round trip of {@code n} bytes on every client, in turn. */
	void roundTripEach(int n) throws IOException {
		for (EchoClient client : this.clients) {
			client.roundTrip(n);
		}
	}

	@Override
	public Iterator<EchoClient> iterator() {
		return this.clients.iterator();
	}

	@Override
	public void close() throws IOException {
		IOException failure = null;
		for (EchoClient client : this.clients) {
			try {
				client.close();
			}
			catch (IOException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
