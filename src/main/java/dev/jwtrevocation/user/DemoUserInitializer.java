package dev.jwtrevocation.user;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Seeds the {@code dev} profile with the user the README's walk-through logs in as.
 */
@Component
@Profile("dev")
class DemoUserInitializer implements ApplicationRunner {

	static final String USERNAME = "demo";

	static final String PASSWORD = "demo-password";

	private static final Log logger = LogFactory.getLog(DemoUserInitializer.class);

	private final UserStore users;

	private final PasswordEncoder passwordEncoder;

	DemoUserInitializer(UserStore users, PasswordEncoder passwordEncoder) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
	}

	@Override
	public void run(ApplicationArguments args) {
		User demo = new User(USERNAME, this.passwordEncoder.encode(PASSWORD), User.DEFAULT_ROLES);
		if (this.users.createIfAbsent(demo)) {
			logger.info("dev profile: created the demo user '" + USERNAME + "' (password in the README)");
		}
	}

}
