package dev.jwtrevocation.revocation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.util.Assert;

/**
 * The namespace of one OpenID provider's subjects in the denylist, so that the same
 * {@code sub} at two providers, or a provider's {@code sub} equal to one of this
 * service's usernames, never share a revocation.
 * <p>
 * A provider's subject is keyed as {@code <tag>:<sub>}, where the tag is the first 48
 * bits of the SHA-256 of the exact {@code iss} string, in base64url (8 characters). Every
 * instance, hub or resource server, derives the same tag from the issuer alone: nothing
 * needs configuring. This service's usernames cannot contain {@code :}, so no username is
 * ever a provider's subject. A {@code sub} containing {@code {}, {@code }} or {@code %}
 * has them percent-encoded, so that a subject's keys keep one Redis Cluster hash tag.
 * <p>
 * Keys are case-insensitive in the subject (see {@link RevocationKeys}): two subjects of
 * one provider that differ only in case share their revocations. That refuses more, never
 * less.
 */
public final class IssuerNamespace {

	private final String issuer;

	private final String prefix;

	private IssuerNamespace(String issuer, String tag) {
		this.issuer = issuer;
		this.prefix = tag + ":";
	}

	/**
	 * @param issuer the provider's issuer identifier, exactly as its tokens' {@code iss}
	 * carries it
	 */
	public static IssuerNamespace of(String issuer) {
		Assert.hasText(issuer, "issuer cannot be empty");
		return new IssuerNamespace(issuer, tag(issuer));
	}

	public String issuer() {
		return this.issuer;
	}

	/** The subject as the denylist keys it: {@code <tag>:<sub>}. */
	public String subject(String sub) {
		Assert.hasText(sub, "sub cannot be empty");
		return this.prefix + escape(sub);
	}

	/**
	 * The owner of the provider's session keys, {@code <tag>:}: a session id is unique at
	 * its provider, and a back-channel logout may name it without a subject. No subject
	 * is empty, so no subject's keys share it.
	 */
	public String sessionOwner() {
		return this.prefix;
	}

	static String tag(String issuer) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private static String escape(String sub) {
		if (sub.indexOf('{') < 0 && sub.indexOf('}') < 0 && sub.indexOf('%') < 0) {
			return sub;
		}
		return sub.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
	}

	@Override
	public String toString() {
		return "IssuerNamespace[" + this.issuer + " -> " + this.prefix + "]";
	}

}
