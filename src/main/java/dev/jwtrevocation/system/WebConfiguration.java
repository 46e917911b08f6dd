package dev.jwtrevocation.system;

import org.apache.catalina.core.StandardHost;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Servlet-level guards that run before Spring Security and Spring MVC, and Tomcat's own
 * error page.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ProblemDetailWriter problemWriter) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(problemWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * Refuses, before the web server starts, a forwarding strategy that lets a client
	 * choose its own address; with the default {@code none}, warns once when requests
	 * look proxied.
	 */
	@Bean
	FilterRegistrationBean<UntrustedForwardingWarning> untrustedForwardingWarning(Environment environment) {
		FilterRegistrationBean<UntrustedForwardingWarning> registration = new FilterRegistrationBean<>(
				new UntrustedForwardingWarning());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setEnabled(ForwardedHeaders.strategy(environment).equals("none"));
		return registration;
	}

	/** What Tomcat refuses on its own is answered as problem+json too. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

}
