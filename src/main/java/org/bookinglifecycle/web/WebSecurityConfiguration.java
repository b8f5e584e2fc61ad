package org.bookinglifecycle.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may see the schedule daemon's port: {@code /actuator/health} and
 * {@code /actuator/prometheus} are open (load balancer, scrape); everything else needs a
 * login, form login for a browser and HTTP Basic for a script (401 without credentials);
 * reading needs the viewer or operator role, every POST the operator role and a CSRF
 * token. Without any user (no password in the environment) the page is off: only the
 * actuator answers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = LifecycleRuntime.DAEMON_PROPERTY, havingValue = "true")
class WebSecurityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(WebSecurityConfiguration.class);

	private static final String[] OPEN = { "/actuator/health", "/actuator/health/**", "/actuator/prometheus" };

	/** The BCrypt cost of the passwords' hashes: 2^strength rounds per login check. */
	static final String STRENGTH_PROPERTY = "lifecycle.web.password-hash-strength";

	@Bean
	PasswordEncoder passwordEncoder(Environment environment) {
		String text = environment.getProperty(STRENGTH_PROPERTY, "10");
		int strength;
		try {
			strength = Integer.parseInt(text.strip());
		}
		catch (NumberFormatException ex) {
			strength = -1;
		}
		if (strength < 4 || strength > 31) {
			throw new IllegalArgumentException(
					STRENGTH_PROPERTY + " is '" + text + "': allowed is a whole number from 4 to 31 (BCrypt's cost,"
							+ " 2^strength rounds per login; 10 when unset)");
		}
		return new BCryptPasswordEncoder(strength);
	}

	@Bean
	InMemoryUserDetailsManager webUsers(Environment environment, PasswordEncoder encoder) {
		List<UserDetails> users = WebUsers.from(environment, encoder);
		if (users.isEmpty()) {
			logger.warn("Web ops page off: neither {} nor {} is set; the daemon schedules and serves only"
					+ " /actuator/health and /actuator/prometheus", WebUsers.OPERATOR_ENV, WebUsers.VIEWER_ENV);
		}
		else {
			logger.info("Web ops page on, users: {}", users.stream().map(UserDetails::getUsername).toList());
		}
		return new InMemoryUserDetailsManager(users);
	}

	@Bean
	SecurityFilterChain webSecurity(HttpSecurity http, Environment environment) throws Exception {
		boolean on = WebUsers.configured(environment);
		http.headers((headers) -> headers
			.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
					+ " frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		if (!on) {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers(OPEN).permitAll().anyRequest().denyAll())
				.build();
		}
		LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
		BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
		basic.setRealmName("booking-lifecycle");
		basic.afterPropertiesSet();
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers(OPEN)
				.permitAll()
				.requestMatchers("/login", "/ops.css", "/ops.js")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/logout")
				.authenticated()
				.requestMatchers(HttpMethod.POST, "/**")
				.hasRole(WebUsers.OPERATOR)
				.anyRequest()
				.hasAnyRole(WebUsers.OPERATOR, WebUsers.VIEWER))
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/", true))
			.httpBasic((httpBasic) -> httpBasic.authenticationEntryPoint(basic))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(browserOrScript(login, basic)))
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.build();
	}

	/**
	 * A browser (it asks for HTML) is sent to the login page; a script gets 401 with a
	 * Basic challenge.
	 */
	private static AuthenticationEntryPoint browserOrScript(AuthenticationEntryPoint browser,
			AuthenticationEntryPoint script) {
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) -> {
			String accept = request.getHeader("Accept");
			((accept != null && accept.contains("text/html")) ? browser : script).commence(request, response, ex);
		};
	}

}
