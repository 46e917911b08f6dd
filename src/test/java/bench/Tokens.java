package bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.support.TokenForge;

/**
 * Writes distinct live access tokens, one per line, for wrk to send in round robin
 * ({@code bench/tokens.lua}): signed with the benchmark's secret like the service's own,
 * one user per hundred tokens, a random 16-byte {@code jti} as the service makes, valid
 * for three hours. Minting them avoids thousands of password hashes through
 * {@code /auth/login}, which the throttle (rightly) would not allow anyway.
 * <p>
 * Usage: {@code Tokens <base64 secret> <count> <file> [bad | revoked <redis port> | es256
 * <PKCS#8 PEM file> <kid> [issuer]]}; {@code bad} writes tokens whose signature does not
 * verify, {@code revoked} also writes each token's revocation key into Redis, as a logout
 * would, {@code es256} signs them ES256 with that key and {@code kid} instead of HS256.
 */
public final class Tokens {

	private Tokens() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		// es256 mode: an optional 7th argument names the issuer (the service's public
		// URL)
		String issuer = (args.length > 6) ? args[6] : "jwt-revocation";
		TokenForge forge = new TokenForge(args[0], issuer, "jwt-revocation-api");
		int count = Integer.parseInt(args[1]);
		boolean bad = args.length > 3 && "bad".equals(args[3]);
		boolean revoked = args.length > 4 && "revoked".equals(args[3]);
		EcSigner es256 = (args.length > 5 && "es256".equals(args[3])) ? new EcSigner(Path.of(args[4]), args[5]) : null;
		List<String> revocationKeys = new ArrayList<>();
		SecureRandom random = new SecureRandom();
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		long now = Instant.now().getEpochSecond();
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.US_ASCII))) {
			for (int i = 0; i < count; i++) {
				Map<String, Object> claims = forge.claims("bench-user-" + (i / 100));
				byte[] id = new byte[16];
				random.nextBytes(id);
				claims.put("jti", encoder.encodeToString(id));
				random.nextBytes(id);
				claims.put("sid", encoder.encodeToString(id));
				claims.put("iat", now);
				claims.put("iat_ms", now * 1000);
				claims.put("exp", now + 3 * 3600);
				String token = (es256 != null) ? es256.sign(claims) : forge.sign(forge.header(), claims);
				revocationKeys
					.add(RevocationKeys.DEFAULT.token((String) claims.get("sub"), (String) claims.get("jti")));
				if (bad) {
					token = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
				}
				out.println(token);
			}
		}
		if (revoked) {
			Denylist.write(Integer.parseInt(args[4]), revocationKeys);
		}
	}

	/** ES256 with a PKCS#8 PEM private key, as the service signs with jwt.keys. */
	private static final class EcSigner {

		private final java.security.PrivateKey key;

		private final String kid;

		EcSigner(Path pem, String kid) throws IOException {
			String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			try {
				this.key = java.security.KeyFactory.getInstance("EC")
					.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
			}
			catch (java.security.GeneralSecurityException ex) {
				throw new IllegalArgumentException("not a PKCS#8 EC key: " + pem, ex);
			}
			this.kid = kid;
		}

		String sign(Map<String, Object> claims) {
			String input = TokenForge.encode(Map.of("alg", "ES256", "typ", "at+jwt", "kid", this.kid)) + "."
					+ TokenForge.encode(claims);
			try {
				java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
				signature.initSign(this.key);
				signature.update(input.getBytes(StandardCharsets.US_ASCII));
				return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
			}
			catch (java.security.GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
