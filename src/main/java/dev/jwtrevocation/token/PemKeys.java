package dev.jwtrevocation.token;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads an ES256 or RS256 private key given as PEM (PKCS#8,
 * {@code -----BEGIN PRIVATE KEY-----}, what
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} or
 * {@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048} writes), either
 * inline or at a location ({@code file:/run/secrets/jwt.pem}), and derives its public
 * key. Every failure is one line that names the key and never quotes it.
 */
final class PemKeys {

	private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";

	private static final String END = "-----END PRIVATE KEY-----";

	/** The order of P-256 (secp256r1): the one curve ES256 is defined on. */
	private static final BigInteger P256_ORDER = new BigInteger(
			"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

	private PemKeys() {
	}

	/** The smallest RSA modulus accepted: what the CAEP interoperability profile asks. */
	static final int MIN_RSA_BITS = 2048;

	/**
	 * @param pemOrLocation the PEM itself, or where to read it
	 * @param name how the key is named in a failure, e.g. {@code jwt.keys[0]}
	 * @return an {@link ECPrivateKey} on P-256 or an {@link RSAPrivateCrtKey} of at least
	 * {@value #MIN_RSA_BITS} bits
	 */
	static PrivateKey privateKey(String pemOrLocation, ResourceLoader resources, String name) {
		if (pemOrLocation == null || pemOrLocation.isBlank()) {
			throw new InvalidSigningKeyException(name + ".private-key is not set");
		}
		String pem = pemOrLocation.strip().startsWith("-----BEGIN") ? pemOrLocation
				: read(pemOrLocation, resources, name);
		String text = pem.strip();
		if (text.startsWith("-----BEGIN EC PRIVATE KEY-----")) {
			throw new InvalidSigningKeyException(name + " is a SEC1 EC key; convert it to PKCS#8 with openssl pkcs8 "
					+ "-topk8 -nocrypt -in key.pem");
		}
		if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
			throw new InvalidSigningKeyException(name + " is not a PEM PKCS#8 private key (" + BEGIN + ")");
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSigningKeyException(name + " is not valid base64 inside its PEM armour");
		}
		PrivateKey read = parse(der, "EC");
		if (read == null) {
			read = parse(der, "RSA");
		}
		if (read instanceof RSAPrivateCrtKey rsa) {
			if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
				throw new InvalidSigningKeyException(name + " is an RSA key of fewer than " + MIN_RSA_BITS + " bits");
			}
			return rsa;
		}
		if (!(read instanceof ECPrivateKey key)) {
			throw new InvalidSigningKeyException(name + " is neither an EC nor an RSA private key");
		}
		if (!P256_ORDER.equals(key.getParams().getOrder())) {
			throw new InvalidSigningKeyException(name + " is not on the P-256 curve, which ES256 requires");
		}
		return key;
	}

	private static PrivateKey parse(byte[] der, String algorithm) {
		try {
			return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	/** The algorithm a key read by {@link #privateKey} signs with. */
	static String algorithm(PrivateKey key) {
		return (key instanceof ECPrivateKey) ? SigningKey.ES256 : SigningKey.RS256;
	}

	/** The public half of a key read by {@link #privateKey}. */
	static PublicKey publicKey(PrivateKey key) {
		if (key instanceof ECPrivateKey ec) {
			return publicKey(ec);
		}
		RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
		try {
			return KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("RSA keys are part of every Java platform", ex);
		}
	}

	/** The public key of {@code key}: its generator multiplied by the private scalar. */
	static ECPublicKey publicKey(ECPrivateKey key) {
		X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
		org.bouncycastle.math.ec.ECPoint point = new FixedPointCombMultiplier().multiply(curve.getG(), key.getS())
			.normalize();
		ECParameterSpec params = key.getParams();
		try {
			return (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new ECPublicKeySpec(
						new ECPoint(point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()),
						params));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("EC keys are part of every Java platform", ex);
		}
	}

	private static String read(String location, ResourceLoader resources, String name) {
		Resource resource = resources.getResource(location);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new InvalidSigningKeyException(name + ".private-key: cannot read " + location);
		}
	}

}
