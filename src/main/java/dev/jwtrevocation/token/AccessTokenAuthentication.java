package dev.jwtrevocation.token;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * An authenticated request whose principal is the verified {@link AccessToken}:
 * controllers take it with {@code @AuthenticationPrincipal AccessToken token}. No
 * credential is kept.
 */
final class AccessTokenAuthentication extends AbstractAuthenticationToken {

	private final AccessToken token;

	AccessTokenAuthentication(AccessToken token) {
		this(token, false);
	}

	/**
	 * @param admin whether configuration grants the token's user the role {@code ADMIN}
	 * ({@code admin.usernames}), whatever the token's {@code roles} say
	 */
	AccessTokenAuthentication(AccessToken token, boolean admin) {
		super(authorities(token, admin));
		this.token = token;
		setAuthenticated(true);
	}

	/** {@code ROLE_} for a user's roles, {@code SCOPE_} for a client's scopes. */
	private static List<GrantedAuthority> authorities(AccessToken token, boolean admin) {
		List<String> names = new ArrayList<>(token.roles().size() + token.scopes().size() + 1);
		token.roles().forEach((role) -> names.add("ROLE_" + role));
		if (admin && !token.roles().contains("ADMIN")) {
			names.add("ROLE_ADMIN");
		}
		token.scopes().forEach((scope) -> names.add("SCOPE_" + scope));
		return AuthorityUtils.createAuthorityList(names);
	}

	@Override
	public AccessToken getPrincipal() {
		return this.token;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return this.token.subject();
	}

}
