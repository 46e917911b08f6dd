package dev.jwtrevocation.revocation;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.support.TestToken;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationKeysTests {

	@Test
	void keysWhenUsernameHasCapitalsThenOneLowerCaseHashTagUnderThePrefix() {
		assertThat(RevocationKeys.DEFAULT.token("Alice", "abc")).isEqualTo("jr:r:{alice}:j:abc");
		assertThat(RevocationKeys.DEFAULT.session("Alice", "s1")).isEqualTo("jr:r:{alice}:s:s1");
		assertThat(RevocationKeys.DEFAULT.cutoff("Alice")).isEqualTo("jr:r:{alice}:cutoff");
	}

	@Test
	void refusingWhenAskedThenTheSameThreeKeysAsTheSingleKeyMethods() {
		RevocationKeys.Refusing keys = RevocationKeys.DEFAULT.refusing(token("Alice", "abc", "s1"));
		assertThat(keys.token()).isEqualTo(RevocationKeys.DEFAULT.token("alice", "abc"));
		assertThat(keys.session()).isEqualTo(RevocationKeys.DEFAULT.session("alice", "s1"));
		assertThat(keys.cutoff()).isEqualTo(RevocationKeys.DEFAULT.cutoff("alice"));
	}

	@Test
	void leaseKeysWhenAnyThenTaggedWithACharacterNoUsernameHasAndNeverMistakenForARevocation() {
		String heartbeat = RevocationKeys.DEFAULT.heartbeat("instance", 7);
		// outside the revocations' prefix, under the mirror's own, which sorts after it
		assertThat(heartbeat).isEqualTo("jr:rh:instance:{#}:7")
			.startsWith(RevocationKeys.DEFAULT.heartbeatPrefix("instance"))
			.doesNotStartWith(RevocationKeys.DEFAULT.prefix());
		assertThat(RevocationKeys.DEFAULT.heartbeatPrefix("instance")).isGreaterThan(RevocationKeys.DEFAULT.prefix());
		assertThat(RevocationKeys.DEFAULT.heartbeatUnder("#3", heartbeat)).isEqualTo("jr:rh:instance:{#3}:7");
		assertThat(RevocationKeys.DEFAULT.isLease(heartbeat)).isTrue();
		assertThat(RevocationKeys.DEFAULT.isLease(RevocationKeys.DEFAULT.poke())).isTrue();
		assertThat(RevocationKeys.DEFAULT.isLease(RevocationKeys.DEFAULT.token("hb", "x"))).isFalse();
		assertThat(RevocationKeys.DEFAULT.sequence()).contains("{#}").doesNotStartWith(RevocationKeys.DEFAULT.prefix());
		assertThat(RevocationKeys.DEFAULT.mirrors()).contains("{#}").doesNotStartWith(RevocationKeys.DEFAULT.prefix());
	}

	@Test
	void signingKeyWhenAnyThenTaggedApartFromEveryUserAndNeverAUserKeyOrLease() {
		String key = RevocationKeys.DEFAULT.signingKey("k-2026.11");
		assertThat(key).isEqualTo("jr:r:{!}:k:k-2026.11");
		assertThat(RevocationKeys.DEFAULT.isSigningKey(key)).isTrue();
		assertThat(RevocationKeys.DEFAULT.signingKeyId(key)).isEqualTo("k-2026.11");
		assertThat(RevocationKeys.DEFAULT.signingKeyId(RevocationKeys.DEFAULT.token("alice", "abc"))).isNull();
		assertThat(RevocationKeys.DEFAULT.isLease(key) || RevocationKeys.isCutoff(key) || RevocationKeys.isSession(key))
			.isFalse();
		assertThat(RevocationKeys.DEFAULT.refusing(new TestToken("alice", "abc", "s1", 0, Instant.EPOCH, "k-2026.11"))
			.signingKey()).isEqualTo(key);
		assertThat(RevocationKeys.DEFAULT.refusing(token("alice", "abc", "s1")).signingKey()).isNull();
		assertThat(RevocationKeys.DEFAULT.isSigningKey(RevocationKeys.DEFAULT.token("k", "x"))).isFalse();
	}

	@Test
	void keysWhenAnotherNamespaceThenEveryKeyUnderIt() {
		RevocationKeys keys = new RevocationKeys("tenant-b");
		assertThat(keys.namespace()).isEqualTo("tenant-b:");
		assertThat(keys.prefix()).isEqualTo("tenant-b:r:");
		assertThat(keys.token("Alice", "abc")).isEqualTo("tenant-b:r:{alice}:j:abc");
		assertThat(keys.signingKey("k1")).isEqualTo("tenant-b:r:{!}:k:k1");
		assertThat(keys.heartbeat("i", 1)).isEqualTo("tenant-b:rh:i:{#}:1");
		assertThat(keys.sequence()).isEqualTo("tenant-b:lease:{#}:seq");
		assertThat(keys.mirrors()).isEqualTo("tenant-b:lease:{#}:mirrors");
		assertThat(keys.isLease(RevocationKeys.DEFAULT.heartbeat("i", 1))).isFalse();
		assertThat(keys.signingKeyId(RevocationKeys.DEFAULT.signingKey("k1"))).isNull();
	}

	@Test
	void keysWhenTheNamespaceCouldBreakAKeyOrAHashTagThenRefused() {
		for (String namespace : new String[] { "", "jr:", "a{b}", "UPPER", "a b", "x".repeat(17) }) {
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
				.isThrownBy(() -> new RevocationKeys(namespace));
		}
	}

	@Test
	void tokenKeyWhenUsernameUpToTwelveCharactersThenFitsTheSmallAllocationClass() {
		assertThat(RevocationKeys.DEFAULT.token("abcdefghijkl", "AAAAAAAAAAAAAAAAAAAAAA")).hasSizeLessThanOrEqualTo(44);
	}

	static RevocableToken token(String subject, String id, String sessionId) {
		return new TestToken(subject, id, sessionId, 0, Instant.EPOCH);
	}

}
