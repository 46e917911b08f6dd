#!/usr/bin/env bash
# What the starter costs a resource server: examples/resource-server twice, side by side, against
# one jwt-revocation (ES256) and one Redis: `starter` (the revocation check on: mirror, validator)
# and `without` (JWT_REVOCATION_ENABLED=false: the same at+jwt decoder, no revocation check).
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
CONFIGS=(starter without)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

./mvnw -q -B -ntp -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
./mvnw -q -B -ntp -f starter/pom.xml install -DskipTests
./mvnw -q -B -ntp -f examples/resource-server/pom.xml clean package -DskipTests
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"
jar=$(ls target/jwt-revocation-*.jar)
orders_jar=$(ls examples/resource-server/target/orders-resource-server-*.jar)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_jar=$(tr ':' '\n' < "$work/classpath.txt" | grep embedded-redis)
unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' -d "$work"
redis_server=$(ls "$work"/redis-server-*-linux-amd64)
chmod +x "$redis_server"
redis_port=$(free_port)
"$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > /dev/null 2>&1 &
pids+=($!)

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
  enabled=true; [ "$config" = without ] && enabled=false
  SERVER_PORT="${port[$config]}" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" ISSUER_URI="$issuer" \
    JWT_REVOCATION_ENABLED="$enabled" LOGGING_LEVEL_ROOT=WARN \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$orders_jar" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for p in "$issuer_port" "${port[starter]}" "${port[without]}"; do
  for _ in $(seq 1 90); do curl -s -o /dev/null "http://127.0.0.1:$p/api/orders" && break; sleep 1; done
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt" es256 "$work/key.pem" bench "$issuer"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run_wrk() { # config duration -> "rps p99 cpu_us_per_request"
  local config=$1 before after output requests
  before=$(cpu_ticks "${pid[$config]}")
  output=$(TOKENS_FILE="$work/tokens.txt" wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -s bench/tokens.lua \
    "http://127.0.0.1:${port[$config]}/api/orders")
  after=$(cpu_ticks "${pid[$config]}")
  if grep -q 'Non-2xx\|Socket errors' <<<"$output"; then echo "$config: a request failed; void" >&2; echo "$output" >&2; exit 1; fi
  requests=$(awk '/requests in/ {print $1}' <<<"$output")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$output") $(awk '$1 == "99%" {print $2}' <<<"$output") \
$(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))"
}
for config in "${CONFIGS[@]}"; do run_wrk "$config" "$WARMUP" > /dev/null; done
results="$work/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  order=("${CONFIGS[@]}"); [ $((round % 2)) -eq 0 ] && order=(without starter)
  for config in "${order[@]}"; do
    echo "$round $config $(run_wrk "$config" "$DURATION")" | tee -a "$results"
  done
done
e2e=$(cd "$work" && python3 "$OLDPWD/examples/resource-server/e2e.py" "$issuer" "http://127.0.0.1:${port[starter]}" 300)
mkdir -p bench/results
{
  echo "resource server with the starter against without, $(date -u +%F), $(nproc) cores, $ROUNDS rounds of $DURATION, $CONNECTIONS connections, 10,000 ES256 tokens"
  awk '{ rps[$2] += $3; cpu[$2] += $5; n[$2]++; r[$1, $2] = $3 }
    END {
      for (c in n) printf "%-8s %8.0f req/s  %7.1f us CPU per request (mean of %d rounds)\n", c, rps[c] / n[c], cpu[c] / n[c], n[c]
      for (k = 1; k <= n["starter"]; k++) a += r[k, "starter"] / r[k, "without"]
      printf "starter/without paired by round: %.3f\n", a / n["starter"]
    }' "$results"
  echo "$e2e"
  echo "rounds (round config req/s p99 cpu_us):"
  cat "$results"
} | tee bench/results/starter-latest.txt
