#!/usr/bin/env bash
# The cost of the meters on the hot path: the packaged jar twice, side by side on one Redis,
# metrics on (the default: Prometheus registry, every jwt.revocation.* meter) and off
# (MANAGEMENT_METRICS_ENABLE_ALL=false: every meter a no-op), authenticated GET /api/me with
# wrk and 10,000 distinct live tokens in round robin (bench/tokens.lua), rounds interleaved,
# the server's CPU time per request read from /proc. About 4 minutes.
#
# Usage: bench/metrics.sh   (tune with ROUNDS=6 DURATION=10s WARMUP=45s CONNECTIONS=32)
# Prints a table and writes bench/results/metrics-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-45s}
CONNECTIONS=${CONNECTIONS:-32}
source bench/lib.sh

build

start_embedded_redis

secret=$(head -c 32 /dev/urandom | base64)
declare -A port pid
for config in on off; do
  port[$config]=$(free_port)
  enabled=true; [ "$config" = off ] && enabled=false
  JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="${port[$config]}" \
  MANAGEMENT_METRICS_ENABLE_ALL="$enabled" LOGGING_LEVEL_ROOT=WARN \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for config in on off; do
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:${port[$config]}/livez" >/dev/null && break; sleep 1; done
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt"

run_wrk() { # config duration -> "rps p99 cpu_us_per_request"
  wrk_round "${pid[$1]}" "$work/tokens.txt" \
    "http://127.0.0.1:${port[$1]}/api/me" "$2"
}
for config in on off; do run_wrk "$config" "$WARMUP" > /dev/null; done
results="$work/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  order=(on off); [ $((round % 2)) -eq 0 ] && order=(off on)
  for config in "${order[@]}"; do
    echo "$round $config $(run_wrk "$config" "$DURATION")" | tee -a "$results"
  done
done
mkdir -p bench/results
{
  echo "metrics on vs off, $(date -u +%F), $(nproc) cores, $ROUNDS rounds of $DURATION, $CONNECTIONS connections"
  awk '{ rps[$2] += $3; cpu[$2] += $5; n[$2]++; if ($2 == "on") on[$1] = $3; else off[$1] = $3 }
    END {
      for (c in n) printf "%s: %.0f req/s, %.1f us CPU per request (mean of %d rounds)\n", c, rps[c] / n[c], cpu[c] / n[c], n[c]
      for (r in on) { ratio += on[r] / off[r]; k++ }
      printf "on/off paired by round: %.3f\n", ratio / k
    }' "$results"
  echo "rounds (round config req/s p99 cpu_us):"
  cat "$results"
} | tee bench/results/metrics-latest.txt
