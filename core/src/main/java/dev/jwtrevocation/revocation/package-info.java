/**
 * The revocation core: the Redis denylist of access tokens, the names and lifetimes of
 * its keys, the per-request check and the in-memory mirror that answers it without a
 * round trip.
 * <p>
 * It depends on nothing else in this application (no users, sessions or HTTP), so that
 * another service accepting the same tokens can honour the same revocations. Its promise:
 * once a revocation has been acknowledged, no instance sharing the Redis accepts the
 * token again (see {@link dev.jwtrevocation.revocation.RevocationStore}).
 */
package dev.jwtrevocation.revocation;
