package dev.jwtrevocation.bench;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.token.RevocationCheck;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The benchmark's baseline: the same application with the revocation check replaced by a
 * no-op, so that it measures what signature verification alone costs. It lives in the
 * test sources and is started only by bench/run.sh: no setting of the packaged
 * application can turn revocation off.
 */
public final class SignatureOnlyApplication {

	private SignatureOnlyApplication() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(JwtRevocationApplication.class).initializers((context) -> {
			RevocationCheck nothingIsRevoked = (token) -> false;
			((GenericApplicationContext) context).registerBean("signatureOnlyRevocationCheck", RevocationCheck.class,
					() -> nothingIsRevoked, (definition) -> definition.setPrimary(true));
		}).run(args);
	}

}
