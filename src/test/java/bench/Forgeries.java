package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.jwtrevocation.support.Api;

/**
 * What an anonymous attacker sends in {@code bench/forgery-flood.sh}, prepared against a
 * running service signing ES256:
 * <ul>
 * <li>{@code access.txt}: forged access tokens that pass every check before ECDSA (a real
 * token's header, claims and low {@code s}, a random {@code r}), so that each costs a
 * full verification unless the budget refuses it first;</li>
 * <li>{@code refresh.txt}: forged generation-0 refresh tokens of a session that was
 * refreshed {@code generations} times, so that recognising each means hashing 1,000
 * generations forward.</li>
 * </ul>
 * Usage: {@code Forgeries <port> <directory> <count> <generations>}. The service must
 * allow that many refreshes a minute.
 */
public final class Forgeries {

	private static final SecureRandom random = new SecureRandom();

	private Forgeries() {
	}

	public static void main(String[] args) throws IOException {
		Api api = new Api(Integer.parseInt(args[0]));
		Path directory = Path.of(args[1]);
		int count = Integer.parseInt(args[2]);
		int generations = Integer.parseInt(args[3]);
		JsonNode login = api.newUserLogin(Api.uniqueUsername(), "correct horse battery");
		String access = login.get("access_token").asString();
		String refresh = login.get("refresh_token").asString();
		for (int i = 0; i < generations; i++) {
			Api.Response refreshed = api.refresh(refresh);
			if (refreshed.status() != 200) {
				throw new IllegalStateException("refresh " + i + " answered " + refreshed.status());
			}
			refresh = refreshed.json().get("refresh_token").asString();
		}
		int start = access.lastIndexOf('.') + 1;
		byte[] signature = Base64.getUrlDecoder().decode(access.substring(start));
		String[] parts = refresh.split("\\.");
		List<String> accessForgeries = new ArrayList<>();
		List<String> refreshForgeries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] r = new byte[32];
			random.nextBytes(r);
			System.arraycopy(r, 0, signature, 0, 32);
			accessForgeries
				.add(access.substring(0, start) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
			byte[] secret = new byte[32];
			random.nextBytes(secret);
			refreshForgeries.add(
					parts[0] + "." + parts[1] + ".0." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
		}
		Files.write(directory.resolve("access.txt"), accessForgeries);
		Files.write(directory.resolve("refresh.txt"), refreshForgeries);
	}

}
