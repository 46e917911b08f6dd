#!/usr/bin/env bash
# The Shared Signals transmitter's figures, from the repository root: bench/ssf.sh
# Service A transmits; service B (another instance, its own Redis) receives by push through the
# stream its receiver created at A. Both jars, two embedded Redis servers, this machine.
#   1. after 10 s of warm-up at the same rate, RATE (100) operator revocations a second at A for
#      SECONDS_UP (30) while B is up: the time from
#      each revocation's write in A's Redis to its revocation written in B's Redis, both read off
#      the audit trails (same host, same clock): p50, p99, max;
#   2. B stopped; RATE revocations a second for OUTAGE (60) seconds: the outbox depth (entries
#      after the stream's cursor) at the end; B started again: the time from its readiness until
#      the cursor reaches the trail's end (A retries with max-backoff MAX_BACKOFF, 5s here);
#   3. the outbox's bytes per entry at A (MEMORY USAGE of the trail / XLEN).
# Writes bench/results/ssf-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build
start_embedded_redis; redis_a=$redis_port
start_embedded_redis; redis_b=$redis_port
port_a=$(free_port); port_b=$(free_port)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rs.pem" 2>/dev/null
hub_secret=hub-secret-0123456789abcdef
console_secret=bench-console-secret-0123456789
JWT_SECRET=$(head -c 32 /dev/urandom | base64) SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_a}" \
  SERVER_PORT="$port_a" JWT_ISSUER="http://127.0.0.1:$port_a" JWT_KEYS_0_ID=rs-1 \
  JWT_KEYS_0_PRIVATE_KEY="$(cat "$work/rs.pem")" \
  OAUTH_CLIENTS_0_ID=hub OAUTH_CLIENTS_0_SECRET_SHA256=$(printf %s "$hub_secret" | sha256sum | cut -d' ' -f1) \
  OAUTH_CLIENTS_0_SCOPES=ssf.manage,ssf.read \
  OAUTH_CLIENTS_1_ID=bench-console \
  OAUTH_CLIENTS_1_SECRET_SHA256=$(printf %s "$console_secret" | sha256sum | cut -d' ' -f1) \
  OAUTH_CLIENTS_1_SCOPES=revocation:admin \
  SSF_TRANSMITTER_RECEIVER_URLS_0="http://127.0.0.1:$port_b/ssf/" SSF_TRANSMITTER_MAX_BACKOFF=${MAX_BACKOFF:-5s} \
  LOGGING_LEVEL_DEV_JWTREVOCATION_AUDIT=WARN LOGGING_LEVEL_ROOT=WARN \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/a.log" 2>&1 &
pids+=($!)
cat > "$work/b.sh" <<B
#!/usr/bin/env bash
JWT_SECRET=$(head -c 32 /dev/urandom | base64) SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_b}" \
  SERVER_PORT="$port_b" REVOCATION_PROVIDERS_0_ISSUER="http://127.0.0.1:$port_a" \
  REVOCATION_PROVIDERS_0_CLIENT_ID=hub REVOCATION_PROVIDERS_0_CLIENT_SECRET="$hub_secret" \
  REVOCATION_PROVIDERS_0_SSF_MANAGE_STREAM=true REVOCATION_PROVIDERS_0_SSF_PUSH_URL="http://127.0.0.1:$port_b/ssf/push" \
  REVOCATION_PROVIDERS_0_SSF_PUSH_AUTHORIZATION="Bearer push-secret-0123456789abcdef" \
  REVOCATION_PROVIDERS_0_SSF_SCOPE="ssf.manage ssf.read" \
  LOGGING_LEVEL_DEV_JWTREVOCATION_AUDIT=WARN LOGGING_LEVEL_ROOT=WARN \
  exec java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar"
B
chmod +x "$work/b.sh"
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port_a/livez" && break; sleep 1; done
mkdir -p bench/results
{
  echo "# bench/ssf.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(nproc) cores"
  python3 bench/ssf.py "$port_a" "$port_b" "$redis_a" "$redis_b" "$work/b.sh" "$work/b.log" \
    "${RATE:-100}" "${SECONDS_UP:-30}" "${OUTAGE:-60}" "${MAX_BACKOFF:-5s}"
} | tee bench/results/ssf-latest.txt
