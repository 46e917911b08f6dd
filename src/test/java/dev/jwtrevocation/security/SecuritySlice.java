package dev.jwtrevocation.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicReference;

import dev.jwtrevocation.revocation.RevocableToken;
import dev.jwtrevocation.revocation.RevocationCheck;
import dev.jwtrevocation.revocation.RevocationMetrics;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.token.JwtProperties;
import dev.jwtrevocation.token.TokenSliceConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.jwtrevocation.admin.AdminProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The real security configuration (filter chain, bearer filter, entry point, CORS,
 * firewall, hashing admission) and the real token verifier for a {@code @WebMvcTest}
 * slice: the HTTP contract without Redis, in a fraction of a full context's start. What
 * the denylist answers is set per test through {@link Denylist}; everything that crosses
 * the wire to Redis is tested by the {@code @IntegrationTest} classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({ SecuritySlice.Beans.class, SecurityConfiguration.class, TokenSliceConfiguration.class,
		ProblemDetailWriter.class })
@TestPropertySource(properties = "jwt.secret=" + IntegrationTest.TEST_SECRET)
// as the application does: bearer tokens only, no generated in-memory user
@ImportAutoConfiguration(exclude = UserDetailsServiceAutoConfiguration.class)
public @interface SecuritySlice {

	/** What the revocation check answers: not revoked, unless a test says otherwise. */
	final class Denylist implements RevocationCheck {

		private final AtomicReference<Answer> answer = new AtomicReference<>((token) -> false);

		@Override
		public boolean isRevoked(RevocableToken token) {
			return this.answer.get().isRevoked(token);
		}

		public void answer(Answer answer) {
			this.answer.set(answer);
		}

		/** One answer of the check, which may throw like Redis would. */
		@FunctionalInterface
		public interface Answer {

			boolean isRevoked(RevocableToken token);

		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ JwtProperties.class, CorsProperties.class, HashingProperties.class,
			AdminProperties.class })
	class Beans {

		@Bean
		Denylist denylist() {
			return new Denylist();
		}

		@Bean
		RevocationMetrics revocationMetrics() {
			return RevocationMetrics.NONE;
		}

	}

}
