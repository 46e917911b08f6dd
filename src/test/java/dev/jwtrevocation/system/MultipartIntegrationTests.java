package dev.jwtrevocation.system;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No endpoint takes a form upload, so a multipart body is never parsed: a client that
 * starts sending a 2 MiB chunked multipart body to the login gets its answer before it
 * has sent it, instead of the server reading it all.
 */
@IntegrationTest
class MultipartIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void loginWhenAHugeChunkedMultipartBodyStartsThenAnsweredBeforeItIsSent() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: multipart/form-data; boundary=XYZ\r\nTransfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			// the first 64 KiB of a 2 MiB body; the rest is never sent
			byte[] chunk = ("--XYZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + "x".repeat(65_000))
				.getBytes(StandardCharsets.US_ASCII);
			out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(chunk);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] status = in.readNBytes(12);
			// answered (413 or 415) while 1.9 MiB of the body is still unsent
			assertThat(new String(status, StandardCharsets.US_ASCII)).matches("HTTP/1.1 4(13|15)");
		}
	}

}
