package dev.jwtrevocation.token;

import java.time.Clock;

import dev.jwtrevocation.revocation.TokenLifetimes;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The real token verification for a {@code @WebMvcTest} slice, which scans no
 * {@code @Component} of its own: the signing key (from {@code jwt.secret}), the token
 * lifetimes, a clock and the verifier.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SigningKeyConfiguration.class, AccessTokenVerifier.class })
@EnableConfigurationProperties({ TokenLifetimes.class, VerificationBudgetProperties.class })
public class TokenSliceConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
