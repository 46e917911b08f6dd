package bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What verifying one token's signature costs, per provider: ES256 with the JDK's SunEC
 * and with BouncyCastle, against HS256, on a token-sized input. Single thread, after a
 * warm-up; prints one line per case.
 * <p>
 * Usage: {@code EcdsaCost [iterations]}.
 */
public final class EcdsaCost {

	private EcdsaCost() {
	}

	public static void main(String[] args) throws Exception {
		int iterations = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		byte[] input = "eyJhbGciOiJFUzI1NiJ9.".repeat(18).getBytes(StandardCharsets.US_ASCII);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
		signer.initSign(pair.getPrivate());
		signer.update(input);
		byte[] p1363 = signer.sign();
		Signature derSigner = Signature.getInstance("SHA256withECDSA");
		derSigner.initSign(pair.getPrivate());
		derSigner.update(input);
		byte[] der = derSigner.sign();
		Provider bc = new BouncyCastleProvider();
		report("ES256 SunEC (P1363)", iterations,
				() -> verify(Signature.getInstance("SHA256withECDSAinP1363Format"), pair, input, p1363));
		report("ES256 BouncyCastle (DER)", iterations,
				() -> verify(Signature.getInstance("SHA256withECDSA", bc), pair, input, der));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
		report("HS256 SunJCE", iterations * 10, () -> mac.doFinal(input).length == 32);
	}

	private static boolean verify(Signature signature, KeyPair pair, byte[] input, byte[] presented) throws Exception {
		signature.initVerify(pair.getPublic());
		signature.update(input);
		return signature.verify(presented);
	}

	private static void report(String name, int iterations, Check check) throws Exception {
		for (int i = 0; i < iterations; i++) {
			if (!check.run()) {
				throw new IllegalStateException(name + " did not verify");
			}
		}
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			check.run();
		}
		double micros = (System.nanoTime() - start) / 1000.0 / iterations;
		System.out.printf("%-26s %8.1f us per verification (%d after as many warm-up)%n", name, micros, iterations);
	}

	private interface Check {

		boolean run() throws Exception;

	}

}
