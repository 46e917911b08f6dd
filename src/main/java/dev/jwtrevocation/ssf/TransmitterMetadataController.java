package dev.jwtrevocation.ssf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.system.PublicUrl;
import dev.jwtrevocation.token.JwtProperties;

/**
 * The transmitter's configuration metadata (SSF 1.0 §7.1), at
 * {@code /.well-known/ssf-configuration}: where receivers manage their streams, with
 * which delivery methods, and the JWK Set that verifies its events. Its URLs are under
 * the configured issuer ({@link PublicUrl}), never the request's {@code Host}.
 */
@RestController
class TransmitterMetadataController {

	static final String PATH = "/.well-known/ssf-configuration";

	private final String issuer;

	private final String base;

	TransmitterMetadataController(JwtProperties properties) {
		this.issuer = properties.issuer();
		this.base = PublicUrl.of(properties.issuer());
	}

	@Operation(summary = "Shared Signals transmitter metadata (SSF 1.0 §7.1)")
	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> metadata() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("spec_version", "1_0");
		metadata.put("issuer", this.issuer);
		metadata.put("jwks_uri", this.base + "/.well-known/jwks.json");
		metadata.put("delivery_methods_supported", List.of(EventStream.PUSH, EventStream.POLL));
		metadata.put("configuration_endpoint", this.base + StreamController.STREAMS);
		metadata.put("status_endpoint", this.base + StreamController.STATUS);
		metadata.put("verification_endpoint", this.base + StreamController.VERIFY);
		metadata.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749")));
		metadata.put("default_subjects", "ALL");
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(metadata);
	}

}
