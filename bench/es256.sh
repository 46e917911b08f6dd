#!/usr/bin/env bash
# ES256 against HS256 on the hot path: the packaged jar three times, side by side on one Redis:
#   hs256          JWT_SECRET signs and verifies (HMAC-SHA256)
#   es256          jwt.keys: an ES256 key from openssl, the verified-token cache on (the default)
#   es256-nocache  the same with JWT_VERIFIED_TOKEN_CACHE=0: every request verifies its signature
# Authenticated GET /api/me with wrk and 10,000 distinct live tokens per configuration in round
# robin (bench/tokens.lua), rounds interleaved, the server's CPU time per request read from /proc.
# Then the cost of one signature verification per provider (bench.EcdsaCost). About 6 minutes.
#
# Usage: bench/es256.sh   (tune with ROUNDS=5 DURATION=10s WARMUP=45s CONNECTIONS=32)
# Prints a table and writes bench/results/es256-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-45s}
CONNECTIONS=${CONNECTIONS:-32}
CONFIGS=(hs256 es256 es256-nocache)
source bench/lib.sh

build

start_embedded_redis

secret=$(head -c 32 /dev/urandom | base64)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/key.pem" 2>/dev/null
declare -A port pid
for config in "${CONFIGS[@]}"; do
  port[$config]=$(free_port)
  extra=()
  case $config in
    es256) extra=(JWT_KEYS_0_ID=bench JWT_KEYS_0_PRIVATE_KEY="file:$work/key.pem") ;;
    es256-nocache) extra=(JWT_KEYS_0_ID=bench JWT_KEYS_0_PRIVATE_KEY="file:$work/key.pem" JWT_VERIFIED_TOKEN_CACHE=0) ;;
  esac
  env JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="${port[$config]}" \
    LOGGING_LEVEL_ROOT=WARN "${extra[@]}" \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for config in "${CONFIGS[@]}"; do
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:${port[$config]}/livez" >/dev/null && break; sleep 1; done
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/hs256.txt"
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/es256.txt" es256 "$work/key.pem" bench
cp "$work/es256.txt" "$work/es256-nocache.txt"

run_wrk() { # config duration -> "rps p99 cpu_us_per_request"
  wrk_round "${pid[$1]}" "$work/$1.txt" \
    "http://127.0.0.1:${port[$1]}/api/me" "$2"
}
for config in "${CONFIGS[@]}"; do run_wrk "$config" "$WARMUP" > /dev/null; done
results="$work/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  order=("${CONFIGS[@]}"); [ $((round % 2)) -eq 0 ] && order=(es256-nocache es256 hs256)
  for config in "${order[@]}"; do
    echo "$round $config $(run_wrk "$config" "$DURATION")" | tee -a "$results"
  done
done
for config in "${CONFIGS[@]}"; do kill "${pid[$config]}"; done
cost=$(java -cp "$cp" bench.EcdsaCost 20000)
mkdir -p bench/results
{
  echo "ES256 against HS256, $(date -u +%F), $(nproc) cores, $ROUNDS rounds of $DURATION, $CONNECTIONS connections, 10,000 distinct tokens each"
  awk '{ rps[$2] += $3; cpu[$2] += $5; n[$2]++; r[$1, $2] = $3 }
    END {
      for (c in n) printf "%-14s %8.0f req/s  %6.1f us CPU per request (mean of %d rounds)\n", c, rps[c] / n[c], cpu[c] / n[c], n[c]
      for (k = 1; k <= n["hs256"]; k++) { a += r[k, "es256"] / r[k, "hs256"]; b += r[k, "es256-nocache"] / r[k, "hs256"] }
      printf "es256/hs256 paired by round: %.3f; es256-nocache/hs256: %.3f\n", a / n["hs256"], b / n["hs256"]
    }' "$results"
  echo "one signature verification, single thread:"
  echo "$cost"
  echo "rounds (round config req/s p99 cpu_us):"
  cat "$results"
} | tee bench/results/es256-latest.txt
