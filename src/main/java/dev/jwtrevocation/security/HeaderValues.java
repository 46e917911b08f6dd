package dev.jwtrevocation.security;

/**
 * Which header values the firewall lets through: the same rule as
 * {@code StrictHttpFirewall}'s default (every code point assigned, none a control
 * character), without a regular expression, and with printable ASCII, which is almost
 * every header, decided by one comparison per character.
 */
final class HeaderValues {

	private HeaderValues() {
	}

	static boolean isAllowed(String value) {
		for (int i = 0, length = value.length(); i < length;) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			int codePoint = value.codePointAt(i);
			if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
