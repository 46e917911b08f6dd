package dev.jwtrevocation.token;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The real token verification for a {@code @WebMvcTest} slice, which scans no
 * {@code @Component} of its own: the signing key (from {@code jwt.secret}) and the
 * verifier.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SigningKeyConfiguration.class, AccessTokenVerifier.class })
public class TokenSliceConfiguration {

}
