package dev.jwtrevocation.ssf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoopsTests {

	private final Loops loops = new Loops(Map.of("hub-b", "https://b.example.com"));

	@Test
	void returnsToWhenTheRevocationIsThisServicesOwnThenNever() {
		assertThat(this.loops.returnsTo(push("hub-b", "https://b.example.com/ssf/push"), null)).isFalse();
	}

	@Test
	void returnsToWhenTheStreamsClientIsConfiguredAsTheOriginThenTrue() {
		assertThat(this.loops.returnsTo(poll("hub-b"), "https://b.example.com")).isTrue();
		assertThat(this.loops.returnsTo(poll("hub-b"), "https://c.example.com")).isFalse();
	}

	@Test
	void returnsToWhenTheStreamPushesToTheOriginsHostThenTrue() {
		assertThat(this.loops.returnsTo(push("other", "https://c.example.com/ssf/push"), "https://c.example.com/realm"))
			.isTrue();
		assertThat(this.loops.returnsTo(push("other", "https://c.example.com:8443/ssf/push"), "https://c.example.com"))
			.isFalse();
		assertThat(this.loops.returnsTo(push("other", "https://d.example.com/ssf/push"), "https://c.example.com"))
			.isFalse();
	}

	private static EventStream push(String client, String url) {
		return new EventStream("s", client, EventStream.PUSH, url, null, List.of(), List.of(), null,
				EventStream.ENABLED, null);
	}

	private static EventStream poll(String client) {
		return new EventStream("s", client, EventStream.POLL, null, null, List.of(), List.of(), null,
				EventStream.ENABLED, null);
	}

}
