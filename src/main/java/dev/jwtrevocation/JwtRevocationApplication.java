package dev.jwtrevocation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Issues JWT access tokens and revokes them instantly through a Redis denylist.
 * <p>
 * The in-memory user that Spring Boot would otherwise create (and whose password it would
 * log) is excluded: users live in Redis and log in through {@code /auth/login}.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class JwtRevocationApplication {

	public static void main(String[] args) {
		SpringApplication.run(JwtRevocationApplication.class, args);
	}

}
