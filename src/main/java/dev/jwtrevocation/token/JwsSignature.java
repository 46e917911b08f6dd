package dev.jwtrevocation.token;

/**
 * How an access token's signature and header are checked: one implementation per
 * algorithm, each in the order that refuses a forgery cheapest.
 */
interface JwsSignature {

	/** base64url characters of a signature: any other length is refused unread. */
	int length();

	/**
	 * Verifies the signature and the header ({@link JwsHeaderRules}).
	 * @param clientAddress who sent the token, for a costly algorithm's budget
	 * @return the id of the key that verified it, {@code null} for the one HS256 key
	 * @throws InvalidAccessTokenException if either must not be accepted
	 * @throws TooManyVerificationsException if the budget had no room for the work
	 */
	String verify(CompactJws jws, String clientAddress);

}
