package dev.jwtrevocation.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one meter every throttle and budget counts its refusals on,
 * {@code jwt.revocation.throttled}, tagged with what was refused.
 */
public final class ThrottledRequests {

	private ThrottledRequests() {
	}

	/**
	 * @param action {@code login}, {@code register}, {@code refresh} or
	 * {@code verification}
	 */
	public static Counter counter(MeterRegistry meters, String action) {
		return Counter.builder("jwt.revocation.throttled")
			.description("Requests refused by a throttle or a budget: logins, registrations, refreshes, "
					+ "verifications of new tokens")
			.tag("action", action)
			.register(meters);
	}

}
