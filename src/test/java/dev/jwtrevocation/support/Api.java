package dev.jwtrevocation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small HTTP client for the integration tests, speaking to the running application like
 * any other client would (java.net.http, real sockets).
 */
public final class Api {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final HttpClient client;

	public Api(int port) {
		this("http://localhost:" + port);
	}

	private Api(String baseUrl) {
		this.baseUrl = baseUrl;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** The instance of {@code context}, on the port it reported when it started. */
	public static Api of(ApplicationContext context) {
		return new Api(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	/** The port the server listens on, for a test that must speak raw HTTP. */
	public int port() {
		return java.net.URI.create(this.baseUrl).getPort();
	}

	/** The same server through a new client: its requests use a new TCP connection. */
	public Api freshConnection() {
		return new Api(this.baseUrl);
	}

	/**
	 * Sends {@code requests} requests at once over {@code connections} connections of
	 * their own, request {@code i} on connection {@code i % connections}, and counts the
	 * answers by what {@code answer} says of each.
	 * @param send sends request {@code i} through the given connection
	 */
	public Map<String, Integer> inParallel(int connections, int requests, BiFunction<Api, Integer, Response> send,
			Function<Response, String> answer) {
		Map<String, Integer> answers = new ConcurrentHashMap<>();
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int t = 0; t < connections; t++) {
				int first = t;
				Api connection = freshConnection();
				sent.add(threads.submit(() -> {
					for (int i = first; i < requests; i += connections) {
						answers.merge(answer.apply(send.apply(connection, i)), 1, Integer::sum);
					}
					return null;
				}));
			}
			for (Future<?> thread : sent) {
				thread.get();
			}
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException("a parallel request failed", ex);
		}
		finally {
			threads.shutdownNow();
		}
		return answers;
	}

	public static String uniqueUsername() {
		return "user-" + UUID.randomUUID().toString().substring(0, 13);
	}

	public Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	public Response post(String path, String token) {
		return send(request(path, token).POST(BodyPublishers.noBody()));
	}

	public Response postJson(String path, Object body) {
		return send(request(path, null).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json.writeValueAsString(body))));
	}

	/** A JSON body with a bearer token. */
	public Response postJson(String path, String token, Object body) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json.writeValueAsString(body))));
	}

	/**
	 * A client's own access token (client credentials at {@code /oauth2/token}),
	 * asserting that it was issued.
	 */
	public String clientToken(String clientId, String secret) {
		Response token = send(request("/oauth2/token", null).header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization",
					"Basic " + java.util.Base64.getEncoder()
						.encodeToString((clientId + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.POST(BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return token.json().get("access_token").asString();
	}

	public Response postRaw(String path, String contentType, BodyPublisher body) {
		return send(request(path, null).header("Content-Type", contentType).POST(body));
	}

	public HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	public Response send(HttpRequest.Builder request) {
		try {
			long start = System.nanoTime();
			var response = this.client.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body(),
					Duration.ofNanos(System.nanoTime() - start));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Response register(String username, String password) {
		return postJson("/auth/register", Map.of("username", username, "password", password));
	}

	public Response login(String username, String password) {
		return postJson("/auth/login", Map.of("username", username, "password", password));
	}

	public Response refresh(String refreshToken) {
		return postJson("/auth/refresh", Map.of("refresh_token", refreshToken));
	}

	/**
	 * Registers a new user and logs it in, asserting both worked; returns the login's
	 * answer (access and refresh tokens).
	 */
	public JsonNode newUserLogin(String username, String password) {
		assertThat(register(username, password).status()).isEqualTo(201);
		Response login = login(username, password);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json();
	}

	/**
	 * Registers a new user and logs it in, asserting both worked; returns the access
	 * token.
	 */
	public String newUserToken(String username) {
		assertThat(register(username, "correct horse battery").status()).isEqualTo(201);
		return loginToken(username, "correct horse battery");
	}

	public String loginToken(String username, String password) {
		Response login = login(username, password);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().has("access_token")).as(login.body()).isTrue();
		return login.json().get("access_token").asString();
	}

	public record Response(int status, java.net.http.HttpHeaders headers, String body, Duration elapsed) {

		public JsonNode json() {
			return json.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}
