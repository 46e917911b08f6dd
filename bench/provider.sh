#!/usr/bin/env bash
# Tokens of an OpenID provider, from the repository root: bench/provider.sh
#   1. the starter's cost on Keycloak-shaped RS256 tokens: examples/resource-server twice,
#      jwt.revocation.issuer-type=openid, `starter` (the revocation check on) and `without`
#      (JWT_REVOCATION_ENABLED=false: the same decoder, no check), interleaved rounds of wrk over
#      10,000 distinct live tokens, CPU per request from /proc; paired by round;
#   2. the hub's back-channel logout throughput with 3 mirrors registered (the hub's and two
#      resource servers'): wrk POSTs distinct logout tokens to /oidc/backchannel-logout, each
#      once; every answer must be 200 (each one waited for the three mirrors).
# The provider is bench.ProviderTokens: discovery and a JWK Set over loopback and tokens shaped as
# Keycloak 26 signs them (RS256, typ JWT, sid, no iat_ms). ROUNDS (5), DURATION (10s), WARMUP
# (30s), CONNECTIONS (32), LOGOUTS (30000: more than LOGOUT_DURATION, 10s, can use),
# LOGOUT_CONNECTIONS (16). Writes
# bench/results/provider-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-32}
LOGOUTS=${LOGOUTS:-30000}
LOGOUT_CONNECTIONS=${LOGOUT_CONNECTIONS:-16}
CONFIGS=(starter without stock)
source bench/lib.sh

build
./mvnw -q -B -ntp install -DskipTests
orders_jar=$(ls examples/resource-server/target/orders-resource-server-*.jar)
start_embedded_redis

java -cp "$cp" bench.ProviderTokens 10000 "$work/access-tokens.txt" "$LOGOUTS" "$work/logout-tokens.txt" orders \
  > "$work/provider.out" 2> "$work/provider.log" &
pids+=($!)
for _ in $(seq 1 300); do grep -q '^ready' "$work/provider.out" 2>/dev/null && break; sleep 1; done
grep -q '^ready' "$work/provider.out" || { echo "the provider did not write its tokens"; cat "$work/provider.log"; exit 1; }
issuer=$(head -n 1 "$work/provider.out")

hub_port=$(free_port)
JWT_SECRET=$(head -c 32 /dev/urandom | base64) SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" \
  SERVER_PORT="$hub_port" REVOCATION_PROVIDERS_0_ISSUER="$issuer" REVOCATION_PROVIDERS_0_CLIENT_ID=orders \
  REVOCATION_PROVIDERS_0_LOGOUT_TOKEN_MAX_AGE=30m LOGGING_LEVEL_DEV_JWTREVOCATION_AUDIT=WARN LOGGING_LEVEL_ROOT=WARN \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/hub.log" 2>&1 &
hub_pid=$!
pids+=($hub_pid)
declare -A port pid
for config in "${CONFIGS[@]}" mirror; do
  port[$config]=$(free_port)
  enabled=true; { [ "$config" = without ] || [ "$config" = stock ]; } && enabled=false
  cache=true; [ "$config" = stock ] && cache=false
  SERVER_PORT="${port[$config]}" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" ISSUER_URI="$issuer" \
    JWT_REVOCATION_ISSUER_TYPE=openid SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES=orders-api \
    JWT_REVOCATION_ENABLED="$enabled" JWT_REVOCATION_VERIFIED_TOKEN_CACHE_ENABLED="$cache" LOGGING_LEVEL_ROOT=WARN \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$orders_jar" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for p in "$hub_port" "${port[starter]}" "${port[without]}" "${port[stock]}" "${port[mirror]}"; do
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$p/api/orders" && break; sleep 1; done
done

echo "== 1. the starter's cost on RS256 tokens of a provider"
run_wrk() { # config duration -> "rps p99 cpu_us_per_request"
  wrk_round "${pid[$1]}" "$work/access-tokens.txt" "http://127.0.0.1:${port[$1]}/api/orders" "$2"
}
for config in "${CONFIGS[@]}"; do run_wrk "$config" "$WARMUP" > /dev/null; done
results="$work/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  order=("${CONFIGS[@]}"); [ $((round % 2)) -eq 0 ] && order=(stock without starter)
  for config in "${order[@]}"; do
    echo "$round $config $(run_wrk "$config" "$DURATION")" | tee -a "$results"
  done
done

echo "== 2. back-channel logouts acknowledged by the hub, 3 mirrors registered"
before=$(cpu_ticks "$hub_pid")
output=$(TOKENS_FILE="$work/logout-tokens.txt" THREADS=2 wrk -t2 -c"$LOGOUT_CONNECTIONS" -d"${LOGOUT_DURATION:-10s}" --latency \
  -s bench/logout-tokens.lua "http://127.0.0.1:${hub_port}/oidc/backchannel-logout")
after=$(cpu_ticks "$hub_pid")
echo "$output"
requests=$(awk '/requests in/ {print $1}' <<<"$output")
seconds=$(awk '/requests in/ {gsub("s,", "", $4); print $4}' <<<"$output")
non_2xx=$(awk '/Non-2xx/ {print $4}' <<<"$output"); non_2xx=${non_2xx:-0}

mkdir -p bench/results
{
  echo "tokens of an OpenID provider, $(date -u +%F), $(nproc) cores"
  echo "1. resource server with the starter against without, RS256 (Keycloak-shaped), $ROUNDS rounds of $DURATION, $CONNECTIONS connections, 10,000 tokens"
  awk '{ rps[$2] += $3; cpu[$2] += $5; n[$2]++; r[$1, $2] = $3 }
    END {
      for (c in n) printf "%-8s %8.0f req/s  %7.1f us CPU per request (mean of %d rounds)\n", c, rps[c] / n[c], cpu[c] / n[c], n[c]
      for (k = 1; k <= n["starter"]; k++) a += r[k, "starter"] / r[k, "without"]
      printf "starter/without paired by round: %.3f\n", a / n["starter"]
      for (k = 1; k <= n["starter"]; k++) b += r[k, "starter"] / r[k, "stock"]
      printf "starter/stock paired by round: %.3f\n", b / n["starter"]
    }' "$results"
  echo "rounds (round config req/s p99 cpu_us):"
  cat "$results"
  echo "2. back-channel logouts, $LOGOUT_CONNECTIONS connections, each logout token once, 3 mirrors (the hub's, two resource servers')"
  echo "logouts: $requests in ${seconds}s = $(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')/s; non-2xx: $non_2xx; hub CPU per logout: $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests )) us"
  awk '/Latency Distribution/,/requests in/' <<<"$output"
} | tee bench/results/provider-latest.txt
[ "$non_2xx" = 0 ] || { echo "a logout was not acknowledged"; grep -iE 'WARN|ERROR' "$work/hub.log" | tail -20; exit 1; }
