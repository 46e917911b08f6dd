#!/usr/bin/env bash
# What the starter costs a resource server: examples/resource-server twice, side by side, against
# one jwt-revocation (ES256) and one Redis: `starter` (the revocation check on: mirror, validator)
# and `without` (JWT_REVOCATION_ENABLED=false: the same at+jwt decoder and its verified-token
# cache, no revocation check), and `stock` (no revocation check, no cache: Spring's Nimbus decoder
# verifying every request's signature, what a resource server without the starter runs).
# Authenticated GET /api/orders with wrk and 10,000 distinct live ES256 tokens in round robin,
# rounds interleaved, the server's CPU time per request read from /proc. Then logout to refusal at
# the resource server (examples/resource-server/e2e.py, 300 trials). About 5 minutes.
#
# Usage: bench/starter.sh   (tune with ROUNDS=5 DURATION=10s WARMUP=30s CONNECTIONS=32)
# Prints a table and writes bench/results/starter-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-32}
CONFIGS=(starter without stock)
source bench/lib.sh

build
./mvnw -q -B -ntp install -DskipTests
./mvnw -q -B -ntp -f examples/resource-server/pom.xml clean package -DskipTests
orders_jar=$(ls examples/resource-server/target/orders-resource-server-*.jar)

start_embedded_redis

secret=$(head -c 32 /dev/urandom | base64)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/key.pem" 2>/dev/null
issuer_port=$(free_port)
issuer="http://127.0.0.1:${issuer_port}"
JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="$issuer_port" \
  JWT_ISSUER="$issuer" JWT_KEYS_0_ID=bench JWT_KEYS_0_PRIVATE_KEY="file:$work/key.pem" LOGGING_LEVEL_ROOT=WARN \
  AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS=1000 \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/issuer.log" 2>&1 &
pids+=($!)
declare -A port pid
for config in "${CONFIGS[@]}"; do
  port[$config]=$(free_port)
  enabled=true; [ "$config" != starter ] && enabled=false
  cache=true; [ "$config" = stock ] && cache=false
  SERVER_PORT="${port[$config]}" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" ISSUER_URI="$issuer" \
    JWT_REVOCATION_ENABLED="$enabled" JWT_REVOCATION_VERIFIED_TOKEN_CACHE_ENABLED="$cache" LOGGING_LEVEL_ROOT=WARN \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$orders_jar" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for p in "$issuer_port" "${port[starter]}" "${port[without]}" "${port[stock]}"; do
  for _ in $(seq 1 90); do curl -s -o /dev/null "http://127.0.0.1:$p/api/orders" && break; sleep 1; done
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt" es256 "$work/key.pem" bench "$issuer"

run_wrk() { # config duration -> "rps p99 cpu_us_per_request"
  wrk_round "${pid[$1]}" "$work/tokens.txt" \
    "http://127.0.0.1:${port[$1]}/api/orders" "$2"
}
for config in "${CONFIGS[@]}"; do run_wrk "$config" "$WARMUP" > /dev/null; done
results="$work/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  order=("${CONFIGS[@]}"); [ $((round % 2)) -eq 0 ] && order=(stock without starter)
  for config in "${order[@]}"; do
    echo "$round $config $(run_wrk "$config" "$DURATION")" | tee -a "$results"
  done
done
e2e=$(cd "$work" && python3 "$OLDPWD/examples/resource-server/e2e.py" "$issuer" "http://127.0.0.1:${port[starter]}" 300)
mkdir -p bench/results
{
  echo "resource server with the starter against without and stock, $(date -u +%F), $(nproc) cores, $ROUNDS rounds of $DURATION, $CONNECTIONS connections, 10,000 ES256 tokens"
  awk '{ rps[$2] += $3; cpu[$2] += $5; n[$2]++; r[$1, $2] = $3 }
    END {
      for (c in n) printf "%-8s %8.0f req/s  %7.1f us CPU per request (mean of %d rounds)\n", c, rps[c] / n[c], cpu[c] / n[c], n[c]
      for (k = 1; k <= n["starter"]; k++) a += r[k, "starter"] / r[k, "without"]
      printf "starter/without paired by round: %.3f\n", a / n["starter"]
      for (k = 1; k <= n["starter"]; k++) b += r[k, "starter"] / r[k, "stock"]
      printf "starter/stock paired by round: %.3f\n", b / n["starter"]
    }' "$results"
  echo "$e2e"
  echo "rounds (round config req/s p99 cpu_us):"
  cat "$results"
} | tee bench/results/starter-latest.txt
