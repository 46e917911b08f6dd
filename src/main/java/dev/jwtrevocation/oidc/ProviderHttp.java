package dev.jwtrevocation.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The HTTP this service speaks to its providers, and only to the URLs their configured
 * issuers lead to: JSON documents read with a timeout and a size bound, redirects never
 * followed, nothing of an answer logged.
 */
final class ProviderHttp {

	static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final int MAX_DOCUMENT_BYTES = 512 * 1024;

	private final HttpClient client;

	ProviderHttp() {
		this.client = HttpClient.newBuilder()
			.connectTimeout(TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** GET a JSON object, with a bearer token or none. */
	Map<String, Object> getJson(URI uri, String bearer) throws IOException, InterruptedException {
		return send(request(uri, bearer).GET(), uri, 200).json(uri);
	}

	/** GET a JSON document with a bearer token: its status and body. */
	Answer getAnswer(URI uri, String bearer) throws IOException, InterruptedException {
		return send(request(uri, bearer).GET(), uri, 200);
	}

	/** GET any document. */
	String get(URI uri) throws IOException, InterruptedException {
		return send(request(uri, null).GET(), uri, 200).body;
	}

	/**
	 * POST a JSON object.
	 * @return the answer's status and its JSON object ({@code null} without a body)
	 */
	Answer postJson(URI uri, String bearer, Map<String, ?> body, int... expected)
			throws IOException, InterruptedException {
		return send(request(uri, bearer).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body))), uri, expected);
	}

	/** DELETE with a bearer token; 200, 202 and 204 are success. */
	void delete(URI uri, String bearer) throws IOException, InterruptedException {
		send(request(uri, bearer).DELETE(), uri, 200, 202, 204);
	}

	/** POST a form, authenticated with HTTP Basic (RFC 6749 §2.3.1). */
	Map<String, Object> postForm(URI uri, String user, String password, String form)
			throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((form(user) + ":" + form(password)).getBytes(StandardCharsets.UTF_8));
		return send(request(uri, null).header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)), uri, 200).json(uri);
	}

	static String form(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static HttpRequest.Builder request(URI uri, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return request;
	}

	private Answer send(HttpRequest.Builder request, URI uri, int... expected)
			throws IOException, InterruptedException {
		HttpResponse<InputStream> response = this.client.send(request.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
			if (bytes.length > MAX_DOCUMENT_BYTES) {
				throw new IOException(uri + " answered more than " + MAX_DOCUMENT_BYTES + " bytes");
			}
			boolean wanted = false;
			for (int status : expected) {
				wanted |= status == response.statusCode();
			}
			if (!wanted) {
				throw new StatusException(uri, response.statusCode());
			}
			return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
		}
	}

	/** An answer: its status and body. */
	record Answer(int status, String body) {

		/** The body as a JSON object, {@code null} if empty. */
		Map<String, Object> json(URI uri) throws IOException {
			if (this.body.isBlank()) {
				return null;
			}
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new IOException(uri + " answered something other than a JSON object");
			}
		}

		/** The body as a JSON array's objects, or the one object, or none. */
		List<Map<String, Object>> objects(URI uri) throws IOException {
			String trimmed = this.body.strip();
			if (trimmed.isEmpty()) {
				return List.of();
			}
			if (!trimmed.startsWith("[")) {
				return List.of(json(uri));
			}
			try {
				List<Map<String, Object>> objects = new ArrayList<>();
				for (Object item : JSONArrayUtils.parse(trimmed)) {
					if (item instanceof Map<?, ?>) {
						objects.add(JSONObjectUtils.parse(JSONObjectUtils.toJSONString(toObject(item))));
					}
				}
				return objects;
			}
			catch (ParseException ex) {
				throw new IOException(uri + " answered something other than JSON");
			}
		}

		@SuppressWarnings("unchecked")
		private static Map<String, ?> toObject(Object item) {
			return (Map<String, ?>) item;
		}

	}

	/** A status the caller did not expect. */
	static final class StatusException extends IOException {

		private final int status;

		StatusException(URI uri, int status) {
			super(uri + " answered " + status);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
