package example.orders;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stock resource server: Spring Boot's own JWT support configured by
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, and the jwt-revocation
 * starter on the classpath. Nothing else is configured.
 */
@SpringBootApplication
@RestController
public class OrdersApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrdersApplication.class, args);
	}

	@GetMapping("/api/orders")
	Map<String, Object> orders(@AuthenticationPrincipal Jwt jwt) {
		return Map.of("user", jwt.getSubject(), "orders", List.of(Map.of("id", "A-1001", "total", "19.90")));
	}

}
