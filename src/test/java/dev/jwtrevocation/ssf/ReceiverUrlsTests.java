package dev.jwtrevocation.ssf;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverUrlsTests {

	private final ReceiverUrls urls = new ReceiverUrls(
			List.of(URI.create("https://rs.example.com/ssf/"), URI.create("http://10.0.0.5:8081/ssf/push")));

	@Test
	void allowsWhenUnderAnAllowedUrlThenTrue() {
		assertThat(this.urls.allows("https://rs.example.com/ssf/push")).isTrue();
		assertThat(this.urls.allows("https://RS.example.com:443/ssf/a/b")).isTrue();
		assertThat(this.urls.allows("http://10.0.0.5:8081/ssf/push")).isTrue();
	}

	@Test
	void allowsWhenAnotherHostPortSchemeOrPathThenFalse() {
		assertThat(this.urls.allows("https://rs.example.com.evil.net/ssf/push")).isFalse();
		assertThat(this.urls.allows("http://rs.example.com/ssf/push")).isFalse();
		assertThat(this.urls.allows("https://rs.example.com:8443/ssf/push")).isFalse();
		assertThat(this.urls.allows("https://rs.example.com/admin")).isFalse();
		assertThat(this.urls.allows("http://10.0.0.5:8081/ssf/pushy")).isFalse();
		assertThat(this.urls.allows("http://169.254.169.254/latest/meta-data/")).isFalse();
	}

	@Test
	void allowsWhenTricksThenFalse() {
		assertThat(this.urls.allows("https://user:pw@rs.example.com/ssf/push")).isFalse();
		assertThat(this.urls.allows("https://rs.example.com/ssf/../admin")).isFalse();
		assertThat(this.urls.allows("https://rs.example.com/ssf/%2e%2e/admin")).isFalse();
		assertThat(this.urls.allows("https://rs.example.com/ssf/push?x=1")).isFalse();
		assertThat(this.urls.allows("file:///etc/passwd")).isFalse();
		assertThat(this.urls.allows("not a url")).isFalse();
		assertThat(new ReceiverUrls(List.of()).allows("https://rs.example.com/ssf/push")).isFalse();
	}

}
