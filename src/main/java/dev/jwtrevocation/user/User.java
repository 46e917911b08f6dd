package dev.jwtrevocation.user;

import java.util.List;

/**
 * A registered user as stored in Redis.
 *
 * @param username the name as registered (its case is kept; lookups ignore case)
 * @param passwordHash the {@code {id}hash} of Spring Security's
 * {@code DelegatingPasswordEncoder}
 * @param roles the roles written into the access tokens of this user
 */
public record User(String username, String passwordHash, List<String> roles) {

	/** The roles of a newly registered user. */
	public static final List<String> DEFAULT_ROLES = List.of("USER");

}
