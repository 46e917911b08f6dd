package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * How long tokens live, bound from {@code jwt.*} (environment:
 * {@code JWT_ACCESS_TOKEN_TTL}, {@code JWT_REFRESH_TOKEN_TTL}, {@code JWT_CLOCK_SKEW}),
 * and so how long each revocation key lives: exactly as long as a token it refuses can
 * still be accepted somewhere, and not longer, so nothing ever needs cleaning. The
 * service issues its tokens with these lifetimes; a resource server with the starter
 * reads them so that whatever it writes outlives the tokens it refuses. One record, one
 * default each.
 * <p>
 * An instance accepts a token until its own clock reads {@code exp + skew}. If every
 * clock involved is within {@code skew} of every other, that is at most {@code exp + 2
 * skew} on the clock of the instance writing the key. So:
 * <ul>
 * <li>a token key lives {@code exp + 2 skew - now}: the writer knows {@code exp};</li>
 * <li>a session key is written when the session ends, knowing only when (on Redis's
 * clock) its latest token was issued; that token's {@code exp} was computed on its
 * issuer's clock, one more skew away: it lives until
 * {@code issued + access-token TTL + 3 skew};</li>
 * <li>a logout-all cutoff must also outlive the refresh tokens issued before it (a
 * session refused once can no longer be extended): the longer of
 * {@code refresh-token TTL + skew} and the session key's lifetime.</li>
 * </ul>
 *
 * @param clockSkew the largest difference between two clocks that is tolerated: leeway
 * for {@code exp}, {@code nbf} and {@code iat}, 30 seconds by default
 * @param accessTokenTtl lifetime of an access token, 15 minutes by default
 * @param refreshTokenTtl lifetime of a refresh token, 7 days by default; each refresh
 * starts a new one
 * @param providerAccessTokenTtl the longest lifetime ({@code exp - iat}) of an access
 * token issued by an OpenID provider (Keycloak, Okta, Auth0...), 24 hours by default
 * (Auth0's default; Keycloak's is 5 minutes, Okta's 1 hour): a revocation of a provider's
 * session or subject lives this long plus three skews, and the starter refuses a
 * provider's token that lives longer, which no revocation could outlive
 */
@ConfigurationProperties("jwt")
@Validated
public record TokenLifetimes(@DefaultValue("30s") @NotNull @DurationMin(seconds = 0) Duration clockSkew,
		@DefaultValue("15m") @NotNull @DurationMin(seconds = 1) Duration accessTokenTtl,
		@DefaultValue("7d") @NotNull @DurationMin(seconds = 1) Duration refreshTokenTtl,
		@DefaultValue("24h") @NotNull @DurationMin(seconds = 1) Duration providerAccessTokenTtl) {

	@ConstructorBinding
	public TokenLifetimes {
		Assert.notNull(clockSkew, "clockSkew cannot be null");
		Assert.notNull(accessTokenTtl, "accessTokenTtl cannot be null");
		Assert.notNull(refreshTokenTtl, "refreshTokenTtl cannot be null");
		Assert.notNull(providerAccessTokenTtl, "providerAccessTokenTtl cannot be null");
	}

	/** The defaults. */
	static final TokenLifetimes DEFAULT = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7), Duration.ofHours(24));

	/** The service's own lifetimes, with the default for providers' tokens. */
	public TokenLifetimes(Duration clockSkew, Duration accessTokenTtl, Duration refreshTokenTtl) {
		this(clockSkew, accessTokenTtl, refreshTokenTtl, Duration.ofHours(24));
	}

	/**
	 * TTL of a revocation of a provider's session or subject: written at most a skew
	 * before the last token it refuses was issued (on the provider's clock), that token
	 * lives {@link #providerAccessTokenTtl} and is accepted up to two skews past its
	 * {@code exp}.
	 */
	public Duration providerRevocation() {
		return this.providerAccessTokenTtl.plus(this.clockSkew.multipliedBy(3));
	}

	/**
	 * TTL of a token key: {@code exp + 2 skew - now}, rounded up to whole seconds, at
	 * least one.
	 */
	public Duration token(Instant expiresAt, Instant now) {
		long millis = Duration.between(now, expiresAt.plus(this.clockSkew.multipliedBy(2))).toMillis();
		return Duration.ofSeconds(Math.max(1, Math.floorDiv(millis + 999, 1000)));
	}

	/**
	 * How long after the issue of a session's latest token its session key must live.
	 */
	public Duration sessionAfterLastIssue() {
		return this.accessTokenTtl.plus(this.clockSkew.multipliedBy(3));
	}

	/**
	 * The longest a token or session key lives (cutoffs, which outlive refresh tokens,
	 * aside): a token key {@code exp + 2 skew - now} with a provider's token the longest
	 * lived, a session key {@link #sessionAfterLastIssue()} or, a provider's,
	 * {@link #providerRevocation()}.
	 */
	public Duration longestRevocation() {
		Duration token = this.providerAccessTokenTtl.compareTo(this.accessTokenTtl) > 0 ? this.providerAccessTokenTtl
				: this.accessTokenTtl;
		Duration longest = token.plus(this.clockSkew.multipliedBy(2));
		for (Duration session : List.of(sessionAfterLastIssue(), providerRevocation())) {
			longest = (session.compareTo(longest) > 0) ? session : longest;
		}
		return longest;
	}

	/** TTL of a logout-all cutoff. */
	public Duration cutoff() {
		Duration refresh = this.refreshTokenTtl.plus(this.clockSkew);
		Duration session = sessionAfterLastIssue();
		return (refresh.compareTo(session) > 0) ? refresh : session;
	}

	/**
	 * How long a revoked session or a retired key must be remembered: until its last
	 * access token has expired.
	 */
	public Duration accessTokenWithSkew() {
		return this.accessTokenTtl.plus(this.clockSkew);
	}

}
