package dev.jwtrevocation.token;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Clock;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import tools.jackson.databind.JsonNode;

import dev.jwtrevocation.system.WorkBudget;

/**
 * ES256: the header first, since it names the key (a small object, under the token's
 * length limit, and nothing it says is followed except a {@code kid} of our own that is
 * still accepted: {@link SigningKeys}); then the ECDSA P-256 signature, whose {@code s}
 * must be the low one ({@link LowS}) so that no signature has a second spelling. The
 * ECDSA work, hundreds of microseconds, is done only if the {@link WorkBudget} has room
 * for the sender: everything refused before it costs a few microseconds.
 */
final class Es256Signature implements JwsSignature {

	/** base64url characters of R and S, 32 bytes each (RFC 7518 §3.4). */
	private static final int LENGTH = 86;

	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	private final ThreadLocal<Signature> ecdsa = ThreadLocal.withInitial(Es256Signature::ecdsaP1363);

	private final SigningKeys keys;

	private final Clock clock;

	private final WorkBudget budget;

	/** Told of each verification the budget refused. */
	private final Runnable refused;

	Es256Signature(SigningKeys keys, Clock clock, WorkBudget budget, Runnable refused) {
		this.keys = keys;
		this.clock = clock;
		this.budget = budget;
		this.refused = refused;
	}

	@Override
	public int length() {
		return LENGTH;
	}

	@Override
	public String verify(CompactJws jws, String clientAddress) {
		JsonNode header = TokenJson.object(jws.header());
		JwsHeaderRules.check(header, SigningKey.ES256);
		SigningKey key = this.keys.verifying(TokenJson.text(header, "kid"), this.clock.instant());
		if (key == null) {
			throw InvalidAccessTokenException.invalid();
		}
		byte[] presented = jws.signature();
		if (!LowS.isLow(presented)) {
			// the second spelling (r, n - s) of a signature: refused before any ECDSA
			// work
			throw InvalidAccessTokenException.invalid();
		}
		WorkBudget.Admission admission = this.budget.spend(clientAddress);
		if (!admission.granted()) {
			this.refused.run();
			throw new TooManyVerificationsException(admission);
		}
		Signature signature = this.ecdsa.get();
		try {
			signature.initVerify((PublicKey) key.verifying());
			signature.update(jws.signingInput());
			if (!signature.verify(presented)) {
				throw InvalidAccessTokenException.invalid();
			}
		}
		catch (SignatureException | InvalidKeyException ex) {
			throw InvalidAccessTokenException.invalid();
		}
		return key.id();
	}

	/**
	 * ECDSA over P-256 with the signature as JWS writes it, R and S side by side, by
	 * BouncyCastle: 209 µs a verification here against 1,157 µs for JDK 17's SunEC
	 * ({@code bench.EcdsaCost}), which matters for every token not yet cached and for
	 * every forged one an anonymous caller sends. The provider is used directly, never
	 * registered.
	 */
	private static Signature ecdsaP1363() {
		try {
			return Signature.getInstance("SHA256withPLAIN-ECDSA", BOUNCY_CASTLE);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("BouncyCastle provides SHA256withPLAIN-ECDSA", ex);
		}
	}

}
