package dev.jwtrevocation.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.system.PublicUrl;
import dev.jwtrevocation.token.EventSigningKeys;
import dev.jwtrevocation.token.JwtProperties;
import dev.jwtrevocation.token.SigningKey;
import dev.jwtrevocation.token.SigningKeys;

/**
 * Authorization server metadata (RFC 8414), so that a stock Spring resource server needs
 * only {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}: it reads
 * {@code issuer} (which must equal the tokens' {@code iss}, so set {@code JWT_ISSUER} to
 * this service's public URL) and {@code jwks_uri}, and here also finds where to revoke
 * (RFC 7009) and introspect (RFC 7662) tokens. Endpoints are under the issuer when it is
 * an http(s) URL, otherwise relative paths ({@link PublicUrl}): never built from the
 * request's {@code Host}.
 */
@RestController
class AuthorizationServerMetadataController {

	static final String PATH = "/.well-known/oauth-authorization-server";

	private static final List<String> CLIENT_AUTHENTICATION = List.of("client_secret_basic", "client_secret_post");

	private final JwtProperties properties;

	private final SigningKeys keys;

	private final EventSigningKeys eventKeys;

	AuthorizationServerMetadataController(JwtProperties properties, SigningKeys keys, EventSigningKeys eventKeys) {
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(eventKeys, "eventKeys cannot be null");
		this.properties = properties;
		this.keys = keys;
		this.eventKeys = eventKeys;
	}

	@Operation(summary = "Authorization server metadata (RFC 8414)")
	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> metadata() {
		String base = base();
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", this.properties.issuer());
		if (this.keys.isAsymmetric() || this.eventKeys.isPresent()) {
			metadata.put("jwks_uri", base + JwkSetController.PATH);
		}
		metadata.put("revocation_endpoint", base + TokenRevocationController.PATH);
		metadata.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
		metadata.put("introspection_endpoint", base + TokenIntrospectionController.PATH);
		metadata.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
		// a token endpoint for clients' own tokens only: users sign in through
		// /auth/login
		metadata.put("token_endpoint", base + TokenEndpointController.PATH);
		metadata.put("token_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
		metadata.put("grant_types_supported", List.of("client_credentials"));
		metadata.put("response_types_supported", List.of());
		// not a registered name (RFC 8414 §2 allows others); the JWK Set's alg says it
		// too
		metadata.put("access_token_signing_alg_values_supported",
				List.of(this.keys.isAsymmetric() ? SigningKey.ES256 : SigningKey.HS256));
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(metadata);
	}

	private String base() {
		return PublicUrl.of(this.properties.issuer());
	}

}
