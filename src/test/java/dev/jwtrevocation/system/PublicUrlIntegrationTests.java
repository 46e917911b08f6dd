package dev.jwtrevocation.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no URL configured as the issuer, nothing the service publishes about itself is
 * built from the request's {@code Host} or {@code X-Forwarded-Host}: a shared cache would
 * hand every later client the attacker's URLs.
 */
@IntegrationTest
class PublicUrlIntegrationTests {

	Api api;

	@Test
	void metadataWhenHostAndForwardedHostAreForgedThenNeitherIsPublished() throws IOException {
		String metadata = get("/.well-known/oauth-authorization-server");
		assertThat(metadata).startsWith("HTTP/1.1 200")
			.contains("\"revocation_endpoint\":\"/oauth2/revoke\"")
			.contains("\"introspection_endpoint\":\"/oauth2/introspect\"")
			.doesNotContain("evil.example");
		String openApi = get("/v3/api-docs");
		assertThat(openApi).startsWith("HTTP/1.1 200").contains("\"servers\":[{\"url\":\"/\"}]").doesNotContain("evil");
	}

	@Test
	void publicUrlWhenTheIssuerIsAUrlThenItAndOnlyIt() {
		assertThat(PublicUrl.of("https://auth.example.com/")).isEqualTo("https://auth.example.com");
		assertThat(PublicUrl.of("http://localhost:8080")).isEqualTo("http://localhost:8080");
		assertThat(PublicUrl.of("jwt-revocation")).isEmpty();
		assertThat(PublicUrl.of(null)).isEmpty();
	}

	/**
	 * A raw request: Java's HTTP client will not send a Host of the caller's choosing.
	 */
	private String get(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.api.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
					+ "X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
