package dev.jwtrevocation.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The unit every per-address limit counts in, for logins, registrations and OAuth client
 * authentication alike.
 */
public final class ClientAddresses {

	private ClientAddresses() {
	}

	/**
	 * The unit an address is counted in: an IPv4 address itself, an IPv6 address's /64.
	 * Whatever the servlet container reports, the result is at most 45 characters.
	 */
	public static String block(String clientAddress) {
		if (clientAddress == null || clientAddress.isEmpty() || clientAddress.length() > 64) {
			return "unknown";
		}
		if (clientAddress.indexOf(':') < 0) {
			return clientAddress;
		}
		try {
			// a literal: no name is looked up
			byte[] bytes = InetAddress.getByName(clientAddress.replace("[", "").replace("]", "")).getAddress();
			if (bytes.length != 16) {
				return InetAddress.getByAddress(bytes).getHostAddress();
			}
			StringBuilder block = new StringBuilder(24);
			for (int i = 0; i < 8; i += 2) {
				block.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
			}
			return block.append(":/64").toString();
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return "unknown";
		}
	}

}
