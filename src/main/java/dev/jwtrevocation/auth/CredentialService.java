package dev.jwtrevocation.auth;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jwtrevocation.token.AccessTokenIssuer;
import dev.jwtrevocation.token.IssuedAccessToken;
import dev.jwtrevocation.user.User;
import dev.jwtrevocation.user.UserStore;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Registers users and exchanges a username and password for an access token.
 * <p>
 * A login for an unknown name still runs the password hash, against a hash made at startup, so
 * that the response time does not reveal which names are registered.
 */
@Service
class CredentialService {

	static final List<String> DEFAULT_ROLES = List.of("USER");

	private final UserStore users;

	private final PasswordEncoder passwordEncoder;

	private final AccessTokenIssuer issuer;

	private final String unknownUserHash;

	CredentialService(UserStore users, PasswordEncoder passwordEncoder, AccessTokenIssuer issuer) {
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
		Assert.notNull(issuer, "issuer cannot be null");
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.issuer = issuer;
		this.unknownUserHash = passwordEncoder.encode(UUID.randomUUID().toString());
	}

	User register(String username, String password) {
		User user = new User(username, this.passwordEncoder.encode(password), DEFAULT_ROLES);
		if (!this.users.createIfAbsent(user)) {
			throw new UsernameTakenException();
		}
		return user;
	}

	IssuedAccessToken login(String username, String password) {
		Optional<User> user = this.users.find(username);
		String hash = user.map(User::passwordHash).orElse(this.unknownUserHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (user.isEmpty() || !matches) {
			throw new InvalidCredentialsException();
		}
		return this.issuer.issue(user.get().username(), user.get().roles());
	}

}
