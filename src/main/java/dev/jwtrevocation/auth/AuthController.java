package dev.jwtrevocation.auth;

import jakarta.validation.Valid;

import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.RevocationStore;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Register, log in, log out. Logging out revokes the presented access token at once: its
 * {@code jti} goes on the denylist every instance consults, and 204 is sent only once Redis has
 * acknowledged it.
 */
@RestController
@RequestMapping("/auth")
class AuthController {

	private final CredentialService credentials;

	private final RevocationStore revocations;

	AuthController(CredentialService credentials, RevocationStore revocations) {
		Assert.notNull(credentials, "credentials cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		this.credentials = credentials;
		this.revocations = revocations;
	}

	@PostMapping("/register")
	ResponseEntity<RegisteredUser> register(@Valid @RequestBody RegistrationRequest request) {
		String username = this.credentials.register(request.username(), request.password()).username();
		return ResponseEntity.status(HttpStatus.CREATED).body(new RegisteredUser(username));
	}

	@PostMapping("/login")
	ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request) {
		TokenResponse token = TokenResponse.of(this.credentials.login(request.username(), request.password()));
		// RFC 6749 §5.1: responses carrying tokens must not be stored by any cache
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(token);
	}

	record RegisteredUser(String username) {
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal AccessToken token) {
		this.revocations.revoke(token);
		return ResponseEntity.noContent().build();
	}

}
