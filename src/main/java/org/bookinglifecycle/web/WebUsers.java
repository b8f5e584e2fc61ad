package org.bookinglifecycle.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The page's users, from the environment only: {@code operator} (reads and acts) when
 * {@value #OPERATOR_ENV} is set, {@code viewer} (reads) when {@value #VIEWER_ENV} is set,
 * their passwords kept only as BCrypt hashes. There is no default password: with neither
 * set there is no user and the page is off.
 */
final class WebUsers {

	/** The operator's password. */
	static final String OPERATOR_ENV = "LIFECYCLE_WEB_OPERATOR_PASSWORD";

	/** The viewer's password. */
	static final String VIEWER_ENV = "LIFECYCLE_WEB_VIEWER_PASSWORD";

	/** The role that may act. */
	static final String OPERATOR = "OPERATOR";

	/** The role that may read. */
	static final String VIEWER = "VIEWER";

	private WebUsers() {
	}

	/**
	 * Whether any user is configured (the page is on).
	 * @param environment where the passwords are read
	 * @return {@code true} if at least one password is set
	 */
	static boolean configured(Environment environment) {
		return set(environment.getProperty(OPERATOR_ENV)) || set(environment.getProperty(VIEWER_ENV));
	}

	private static boolean set(String password) {
		return password != null && !password.isBlank();
	}

	/**
	 * The configured users.
	 * @param environment where {@value #OPERATOR_ENV} and {@value #VIEWER_ENV} are read
	 * (the process environment; tests set them as properties of the same name)
	 * @param encoder the password hash
	 * @return the users, none if no password is set
	 */
	static List<UserDetails> from(Environment environment, PasswordEncoder encoder) {
		List<UserDetails> users = new ArrayList<>();
		String operator = environment.getProperty(OPERATOR_ENV);
		if (set(operator)) {
			users.add(User.withUsername("operator").password(encoder.encode(operator)).roles(OPERATOR).build());
		}
		String viewer = environment.getProperty(VIEWER_ENV);
		if (set(viewer)) {
			users.add(User.withUsername("viewer").password(encoder.encode(viewer)).roles(VIEWER).build());
		}
		return users;
	}

}
