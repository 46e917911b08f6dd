package dev.jwtrevocation.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;

/**
 * An opaque refresh token: {@code <username>.<session id>.<generation>.<secret>}, the
 * username, session id and secret base64url, the generation a decimal number.
 * <p>
 * A session's first secret is 256 random bits; each rotation derives the next one as the
 * HMAC-SHA256 of the previous one under a key only the service holds
 * ({@link RefreshTokenChain}). So the service can recognise any earlier token of a
 * session by hashing it forward to the current generation, with nothing stored but the
 * SHA-256 of the current secret (constant Redis memory per session, however often it
 * refreshes), while whoever holds an old token cannot compute a newer one. A copy of
 * Redis cannot be turned into working refresh tokens.
 *
 * @param username the owner, as it appears in the token (lookups ignore case)
 * @param sessionId the login session
 * @param generation how many rotations the session had when this token was issued
 * @param secret the secret
 */
record RefreshToken(String username, String sessionId, long generation, String secret) {

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder decoder = Base64.getUrlDecoder();

	private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

	private static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_-]{22}$");

	private static final Pattern GENERATION = Pattern.compile("^(0|[1-9][0-9]{0,8})$");

	private static final Pattern SECRET = Pattern.compile("^[A-Za-z0-9_-]{43}$");

	/** The first token of a new session. */
	static RefreshToken first(String username, String sessionId) {
		return new RefreshToken(username, sessionId, 0, randomId(32));
	}

	static String newSessionId() {
		return randomId(16);
	}

	static boolean isSessionId(String value) {
		return SESSION_ID.matcher(value).matches();
	}

	/** The token as presented by a client, or empty if it cannot be one of ours. */
	static Optional<RefreshToken> parse(String value) {
		String[] parts = value.split("\\.", -1);
		if (parts.length != 4 || !SESSION_ID.matcher(parts[1]).matches() || !GENERATION.matcher(parts[2]).matches()
				|| !SECRET.matcher(parts[3]).matches()) {
			return Optional.empty();
		}
		String username;
		try {
			username = new String(decoder.decode(parts[0]), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (!USERNAME.matcher(username).matches()) {
			return Optional.empty();
		}
		return Optional.of(new RefreshToken(username, parts[1], Long.parseLong(parts[2]), parts[3]));
	}

	/**
	 * The token the next rotation issues: the same session, the secret hashed forward.
	 */
	RefreshToken next(Mac chain) {
		byte[] derived = chain.doFinal(this.secret.getBytes(StandardCharsets.US_ASCII));
		return new RefreshToken(this.username, this.sessionId, this.generation + 1, encoder.encodeToString(derived));
	}

	String value() {
		return encoder.encodeToString(this.username.getBytes(StandardCharsets.UTF_8)) + "." + this.sessionId + "."
				+ this.generation + "." + this.secret;
	}

	/** What Redis keeps instead of the token. */
	String hash() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(this.secret.getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

	@Override
	public String toString() {
		return "RefreshToken[username=" + this.username + ", sessionId=" + this.sessionId + ", generation="
				+ this.generation + ", secret=<hidden>]";
	}

	private static String randomId(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return encoder.encodeToString(value);
	}

}
