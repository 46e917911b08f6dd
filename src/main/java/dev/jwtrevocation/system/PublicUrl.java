package dev.jwtrevocation.system;

/**
 * Where this service says it can be reached, in the metadata (RFC 8414) and the OpenAPI
 * document: the configured issuer when it is an http(s) URL, otherwise nothing (relative
 * paths). Never the {@code Host} or {@code X-Forwarded-Host} of the request, which the
 * caller writes: a cache in front would hand the next client a JWK Set URL of the
 * attacker's choosing.
 */
public final class PublicUrl {

	private PublicUrl() {
	}

	/**
	 * @param issuer the configured {@code jwt.issuer}
	 * @return the issuer without a trailing slash if it is an http(s) URL, else
	 * {@code ""}
	 */
	public static String of(String issuer) {
		if (issuer == null || !(issuer.startsWith("https://") || issuer.startsWith("http://"))) {
			return "";
		}
		return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
	}

}
