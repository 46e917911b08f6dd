package dev.jwtrevocation.revocation;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.support.TestToken;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationKeysTests {

	@Test
	void keysWhenUsernameHasCapitalsThenOneLowerCaseHashTagUnderThePrefix() {
		assertThat(RevocationKeys.token("Alice", "abc")).isEqualTo("jr:r:{alice}:j:abc");
		assertThat(RevocationKeys.session("Alice", "s1")).isEqualTo("jr:r:{alice}:s:s1");
		assertThat(RevocationKeys.cutoff("Alice")).isEqualTo("jr:r:{alice}:cutoff");
	}

	@Test
	void refusingWhenAskedThenTheSameThreeKeysAsTheSingleKeyMethods() {
		RevocationKeys.Refusing keys = RevocationKeys.refusing(token("Alice", "abc", "s1"));
		assertThat(keys.token()).isEqualTo(RevocationKeys.token("alice", "abc"));
		assertThat(keys.session()).isEqualTo(RevocationKeys.session("alice", "s1"));
		assertThat(keys.cutoff()).isEqualTo(RevocationKeys.cutoff("alice"));
	}

	@Test
	void leaseKeysWhenAnyThenTaggedWithACharacterNoUsernameHasAndNeverMistakenForARevocation() {
		String heartbeat = RevocationKeys.heartbeat("instance", 7);
		assertThat(heartbeat).startsWith(RevocationKeys.PREFIX).contains("{#}");
		assertThat(RevocationKeys.isLease(heartbeat)).isTrue();
		assertThat(RevocationKeys.isLease(RevocationKeys.token("hb", "x"))).isFalse();
		assertThat(RevocationKeys.SEQUENCE).contains("{#}").doesNotStartWith(RevocationKeys.PREFIX);
		assertThat(RevocationKeys.MIRRORS).contains("{#}").doesNotStartWith(RevocationKeys.PREFIX);
	}

	@Test
	void signingKeyWhenAnyThenTaggedApartFromEveryUserAndNeverAUserKeyOrLease() {
		String key = RevocationKeys.signingKey("k-2026.11");
		assertThat(key).isEqualTo("jr:r:{!}:k:k-2026.11");
		assertThat(RevocationKeys.isSigningKey(key)).isTrue();
		assertThat(RevocationKeys.signingKeyId(key)).isEqualTo("k-2026.11");
		assertThat(RevocationKeys.signingKeyId(RevocationKeys.token("alice", "abc"))).isNull();
		assertThat(RevocationKeys.isLease(key) || RevocationKeys.isCutoff(key) || RevocationKeys.isSession(key))
			.isFalse();
		assertThat(RevocationKeys.refusing(new TestToken("alice", "abc", "s1", 0, Instant.EPOCH, "k-2026.11"))
			.signingKey()).isEqualTo(key);
		assertThat(RevocationKeys.refusing(token("alice", "abc", "s1")).signingKey()).isNull();
		assertThat(RevocationKeys.isSigningKey(RevocationKeys.token("k", "x"))).isFalse();
	}

	@Test
	void tokenKeyWhenUsernameUpToTwelveCharactersThenFitsTheSmallAllocationClass() {
		assertThat(RevocationKeys.token("abcdefghijkl", "AAAAAAAAAAAAAAAAAAAAAA")).hasSizeLessThanOrEqualTo(44);
	}

	static RevocableToken token(String subject, String id, String sessionId) {
		return new TestToken(subject, id, sessionId, 0, Instant.EPOCH);
	}

}
