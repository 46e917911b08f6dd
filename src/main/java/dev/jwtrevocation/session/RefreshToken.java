package dev.jwtrevocation.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An opaque refresh token: {@code <username>.<session id>.<secret>}, each part base64url.
 * <p>
 * The secret is 256 random bits and is never stored: Redis keeps only its SHA-256, so a
 * copy of Redis cannot be turned into working refresh tokens. The username and session id
 * ride along so that a refresh finds the session's keys, which live in the user's Redis
 * Cluster slot, without an index of all tokens.
 *
 * @param username the owner, as it appears in the token (lookups ignore case)
 * @param sessionId the login session
 * @param secret the random part
 */
record RefreshToken(String username, String sessionId, String secret) {

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder decoder = Base64.getUrlDecoder();

	private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

	private static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_-]{22}$");

	private static final Pattern SECRET = Pattern.compile("^[A-Za-z0-9_-]{43}$");

	static RefreshToken generate(String username, String sessionId) {
		return new RefreshToken(username, sessionId, randomId(32));
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
		if (parts.length != 3 || !SESSION_ID.matcher(parts[1]).matches() || !SECRET.matcher(parts[2]).matches()) {
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
		return Optional.of(new RefreshToken(username, parts[1], parts[2]));
	}

	String value() {
		return encoder.encodeToString(this.username.getBytes(StandardCharsets.UTF_8)) + "." + this.sessionId + "."
				+ this.secret;
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
		return "RefreshToken[username=" + this.username + ", sessionId=" + this.sessionId + ", secret=<hidden>]";
	}

	private static String randomId(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return encoder.encodeToString(value);
	}

}
