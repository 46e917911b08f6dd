package dev.jwtrevocation.oidc;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The checks every signed message of a provider passes before its claims are read, a
 * logout token and a Security Event Token alike: a JWS (never {@code none}, never
 * encrypted-only) whose {@code iss} is a configured provider (no other URL is ever
 * fetched), whose {@code alg} is one that provider is trusted with, whose {@code typ}, if
 * present, is the message's own, and whose signature verifies with a key of the
 * provider's JWK Set. A token naming a key the set lacks makes the set be fetched again,
 * at most once per {@link ProviderKeys#REFETCH_INTERVAL}.
 */
final class ProviderSignatures {

	/** A message longer than this is refused before it is parsed. */
	static final int MAX_LENGTH = 16 * 1024;

	private ProviderSignatures() {
	}

	/**
	 * @param kind what the message is, for the error texts ("logout token")
	 * @param types the accepted {@code typ} values, lower case
	 * @param invalid how a refusal is thrown, given what failed and a fixed text
	 * @return the verified message and its provider
	 */
	static Verified verify(String compact, Function<String, ProviderKeys> providers, String kind, Set<String> types,
			BiFunction<Failure, String, RuntimeException> invalid) {
		if (compact == null || compact.isEmpty()) {
			throw invalid.apply(Failure.REQUEST, "The " + kind + " is missing");
		}
		if (compact.length() > MAX_LENGTH) {
			throw invalid.apply(Failure.REQUEST, "The " + kind + " is longer than " + MAX_LENGTH + " characters");
		}
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(compact);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw invalid.apply(Failure.REQUEST, "The " + kind + " is not a signed JWT");
		}
		ProviderKeys provider = (claims.getIssuer() != null) ? providers.apply(claims.getIssuer()) : null;
		if (provider == null) {
			throw invalid.apply(Failure.ISSUER, "The " + kind + "'s issuer is not a configured provider");
		}
		JWSHeader header = jwt.getHeader();
		if (!provider.provider().algorithms().contains(header.getAlgorithm().getName())) {
			throw invalid.apply(Failure.REQUEST, "The " + kind + "'s alg is not one accepted from its issuer");
		}
		if (!hasType(header.getType(), types)) {
			throw invalid.apply(Failure.REQUEST, "The " + kind + "'s typ is not " + types.iterator().next());
		}
		List<JWK> candidates = candidates(header, provider);
		if (candidates.isEmpty() && provider.refetchIfDue()) {
			candidates = candidates(header, provider);
		}
		if (candidates.isEmpty()) {
			throw invalid.apply(Failure.KEY, "No key of the issuer matches the " + kind);
		}
		for (JWK key : candidates) {
			try {
				if (jwt.verify(verifier(key))) {
					return new Verified(provider, claims);
				}
			}
			catch (JOSEException ex) {
				// a key that cannot verify this alg: try the next
			}
		}
		throw invalid.apply(Failure.KEY, "The " + kind + "'s signature is invalid");
	}

	private static boolean hasType(JOSEObjectType type, Set<String> types) {
		return type == null || types.contains(type.getType().toLowerCase(Locale.ROOT));
	}

	/** The provider's signing keys that fit the header's {@code kid} and {@code alg}. */
	private static List<JWK> candidates(JWSHeader header, ProviderKeys provider) {
		JWSAlgorithm algorithm = header.getAlgorithm();
		List<JWK> candidates = new ArrayList<>();
		for (JWK key : provider.keys().getKeys()) {
			boolean family = (key instanceof RSAKey) ? JWSAlgorithm.Family.RSA.contains(algorithm)
					: (key instanceof ECKey) && JWSAlgorithm.Family.EC.contains(algorithm);
			if (family && (header.getKeyID() == null || header.getKeyID().equals(key.getKeyID()))
					&& (key.getKeyUse() == null || key.getKeyUse() == KeyUse.SIGNATURE)
					&& (key.getAlgorithm() == null || key.getAlgorithm().equals(algorithm))) {
				candidates.add(key);
			}
		}
		return candidates;
	}

	private static JWSVerifier verifier(JWK key) throws JOSEException {
		return (key instanceof RSAKey rsa) ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
	}

	/** What failed, as RFC 8935 §2.4 tells them apart. */
	enum Failure {

		/** The message's form or claims. */
		REQUEST,

		/** Its issuer is not a configured provider. */
		ISSUER,

		/** No key of the provider verifies it. */
		KEY

	}

	/** A message whose signature verified, and the provider that signed it. */
	record Verified(ProviderKeys keys, JWTClaimsSet claims) {

		OpenIdProviderProperties.Provider provider() {
			return this.keys.provider();
		}

	}

}
