package dev.epollgateway.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: invalid characters in the request target,
 * {@code %00}, oversized headers, odd methods and media types. One request per connection ({@code Connection:
 * close}), the answer read to the end. Only for tests.
 */
final class RawHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private RawHttp() {
	}

	/** The {@code Authorization} value of HTTP Basic. */
	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends one request and reads the whole answer.
	 * @param port the local port
	 * @param method the method, as is
	 * @param target the request target, as is (no encoding)
	 * @param headers extra header lines, as is
	 * @param body the body, or {@code null} for none (a body gets its Content-Length unless a header gives one)
	 */
	static Response exchange(int port, String method, String target, Map<String, String> headers, byte[] body) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: localhost:").append(port).append("\r\n").append("Connection: close\r\n");
		boolean hasLength = false;
		for (Map.Entry<String, String> header : headers.entrySet()) {
			head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
			hasLength |= header.getKey().equalsIgnoreCase("Content-Length");
		}
		if (body != null && !hasLength) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("\r\n");
		request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
		if (body != null) {
			request.writeBytes(body);
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			socket.setSoTimeout(20_000);
			try {
				socket.getOutputStream().write(request.toByteArray());
				socket.getOutputStream().flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before reading a large request: the answer is still to be read.
			}
			byte[] answer = readAll(socket.getInputStream());
			return Response.parse(method + " " + abbreviate(target), method.equals("HEAD"), answer);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + abbreviate(target), ex);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
			}
		}
		catch (SocketException ex) {
			// A reset after the answer (the server closed with unread request bytes): keep what arrived.
			if (out.size() == 0) {
				throw ex;
			}
		}
		return out.toByteArray();
	}

	private static String abbreviate(String text) {
		return (text.length() > 120) ? text.substring(0, 120) + "...(" + text.length() + " chars)" : text;
	}

	/**
	 * An answer.
	 *
	 * @param request what was sent, abbreviated, for assertion messages
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body, de-chunked
	 */
	record Response(String request, int status, Map<String, String> headers, String body) {

		static Response parse(String request, boolean head, byte[] answer) {
			String text = new String(answer, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new AssertionError(request + ": no complete answer: " + text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			byte[] rest = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
			if (head) {
				rest = new byte[0];
			}
			else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				rest = dechunk(rest);
			}
			return new Response(request, status, headers, new String(rest, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int at = 0;
			while (at < chunked.length) {
				int lineEnd = indexOf(chunked, at);
				String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
				int length = Integer.parseInt(size, 16);
				if (length == 0) {
					break;
				}
				out.write(chunked, lineEnd + 2, length);
				at = lineEnd + 2 + length + 2;
			}
			return out.toByteArray();
		}

		private static int indexOf(byte[] bytes, int from) {
			for (int i = from; i < bytes.length - 1; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			throw new AssertionError("truncated chunk");
		}

		String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

		JsonNode json() {
			return json.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.request + " -> " + this.status + " " + contentType() + " "
					+ ((this.body.length() > 400) ? this.body.substring(0, 400) + "..." : this.body);
		}

	}

}
