package dev.jwtrevocation.security;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValuesTests {

	/** StrictHttpFirewall's own rule for header values. */
	private static final Pattern FIREWALL_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void isAllowedWhenRandomValuesThenSameAnswerAsTheFirewallsExpression() {
		Random random = new Random(1);
		for (int i = 0; i < 200_000; i++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(6);
			for (int j = 0; j < length; j++) {
				value.append(switch (random.nextInt(5)) {
					case 0 -> (char) random.nextInt(0x100);
					case 1 -> (char) (0x20 + random.nextInt(0x5F));
					case 2 -> (char) random.nextInt(0x10000);
					case 3 -> new String(Character.toChars(0x10000 + random.nextInt(0x100000)));
					default -> (char) (0xD800 + random.nextInt(0x800));
				});
			}
			String text = value.toString();
			assertThat(HeaderValues.isAllowed(text)).as("%s", text.codePoints().boxed().toList())
				.isEqualTo(FIREWALL_DEFAULT.matcher(text).matches());
		}
	}

	@Test
	void isAllowedWhenBearerTokenThenTrueAndWhenControlCharacterThenFalse() {
		assertThat(HeaderValues.isAllowed("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc-_")).isTrue();
		assertThat(HeaderValues.isAllowed("Bearer abc\u0000")).isFalse();
		assertThat(HeaderValues.isAllowed("Bearer abc\r\n")).isFalse();
		assertThat(HeaderValues.isAllowed("Bearer abc\u0085")).isFalse();
		assertThat(HeaderValues.isAllowed("caf\u00e9")).isTrue();
	}

}
