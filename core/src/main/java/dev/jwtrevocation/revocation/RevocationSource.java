package dev.jwtrevocation.revocation;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

/**
 * Who asked for a revocation that did not start here: an OpenID provider, through one of
 * its channels. It goes into the audit line.
 *
 * @param provider the provider's issuer identifier
 * @param channel how it told us: {@code backchannel-logout}, {@code ssf-push},
 * {@code ssf-poll}
 * @param reason what the provider said of why, if anything (for instance SSF's
 * {@code reason_admin} and {@code initiating_entity}); text of the provider's, written
 * escaped
 */
public record RevocationSource(String provider, String channel, @Nullable String reason) {

	public RevocationSource {
		Assert.hasText(provider, "provider cannot be empty");
		Assert.hasText(channel, "channel cannot be empty");
	}

}
