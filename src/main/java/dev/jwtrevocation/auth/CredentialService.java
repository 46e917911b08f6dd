package dev.jwtrevocation.auth;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jwtrevocation.admin.AdminProperties;
import dev.jwtrevocation.oauth.OAuthClientProperties;
import dev.jwtrevocation.security.HashingBusyException;
import dev.jwtrevocation.security.PasswordHashing;
import dev.jwtrevocation.system.ThrottledRequests;
import dev.jwtrevocation.user.User;
import dev.jwtrevocation.user.UserStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Registers users and checks a username and password.
 * <p>
 * A login for an unknown name still runs the password hash, against a hash made at
 * startup, and is throttled like any other, so neither the response time nor the answer
 * reveals which names are registered.
 */
@Service
class CredentialService {

	private final UserStore users;

	private final PasswordHashing passwordEncoder;

	private final LoginThrottle throttle;

	private final String unknownUserHash;

	private final Counter loginsThrottled;

	private final Counter registrationsThrottled;

	private final AdminProperties admins;

	/** The configured OAuth clients' ids, which no user may take. */
	private final List<String> clientIds;

	CredentialService(UserStore users, PasswordHashing passwordEncoder, LoginThrottle throttle, MeterRegistry meters,
			AdminProperties admins, OAuthClientProperties clients) {
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
		Assert.notNull(throttle, "throttle cannot be null");
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.admins = admins;
		this.clientIds = clients.clients().stream().map(OAuthClientProperties.Client::id).toList();
		this.loginsThrottled = ThrottledRequests.counter(meters, "login");
		this.registrationsThrottled = ThrottledRequests.counter(meters, "register");
		this.unknownUserHash = passwordEncoder.encode(UUID.randomUUID().toString());
	}

	/**
	 * @throws TooManyLoginAttemptsException if this address registered too often within
	 * the window: each registration costs a password hash
	 * @throws UsernameTakenException if the name is taken, listed in
	 * {@code admin.usernames} (whoever registered it would be an admin), or a configured
	 * OAuth client's id (a client's own tokens name it as their subject, and a user's
	 * logout-all would refuse them)
	 */
	User register(String username, String password, String clientAddress) {
		refuseIfSaturated();
		this.throttle.reserveRegistration(clientAddress).ifPresent((retryAfter) -> {
			this.registrationsThrottled.increment();
			throw new TooManyLoginAttemptsException(retryAfter,
					"Too many registrations from this address; try again later");
		});
		if ((this.admins.isAdmin(username) && this.users.find(username).isEmpty())
				|| this.clientIds.stream().anyMatch(username::equalsIgnoreCase)) {
			throw new UsernameTakenException();
		}
		User user = new User(username, this.passwordEncoder.encode(password), User.DEFAULT_ROLES);
		if (!this.users.createIfAbsent(user)) {
			throw new UsernameTakenException();
		}
		return user;
	}

	/** Refused before anything else is spent on it, Redis calls included. */
	private void refuseIfSaturated() {
		if (this.passwordEncoder.refusesNow()) {
			throw new HashingBusyException();
		}
	}

	/**
	 * @return the user, if the password is right and the pair is not throttled
	 * @throws TooManyLoginAttemptsException if there were too many failures, even when
	 * the password is right this time
	 * @throws InvalidCredentialsException if the user is unknown or the password wrong
	 */
	User authenticate(String username, String password, String clientAddress) {
		refuseIfSaturated();
		// reserved before the hash: parallel guesses cannot all get past the count
		this.throttle.reserve(username, clientAddress).ifPresent((retryAfter) -> {
			this.loginsThrottled.increment();
			throw new TooManyLoginAttemptsException(retryAfter);
		});
		Optional<User> user = this.users.find(username);
		String hash = user.map(User::passwordHash).orElse(this.unknownUserHash);
		boolean matches;
		try {
			matches = this.passwordEncoder.matches(password, hash);
		}
		catch (HashingBusyException ex) {
			// no password was checked: the attempt must not count as a failure
			this.throttle.release(username, clientAddress);
			throw ex;
		}
		if (user.isEmpty() || !matches) {
			throw new InvalidCredentialsException();
		}
		this.throttle.succeeded(username, clientAddress);
		return user.get();
	}

}
