package dev.jwtrevocation.token;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * An authenticated request whose principal is the verified {@link AccessToken}:
 * controllers take it with {@code @AuthenticationPrincipal AccessToken token}. No
 * credential is kept.
 */
final class AccessTokenAuthentication extends AbstractAuthenticationToken {

	private final AccessToken token;

	AccessTokenAuthentication(AccessToken token) {
		super(AuthorityUtils.createAuthorityList(token.roles().stream().map((role) -> "ROLE_" + role).toList()));
		this.token = token;
		setAuthenticated(true);
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
