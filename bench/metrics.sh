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
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"
jar=$(ls target/jwt-revocation-*.jar)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_jar=$(tr ':' '\n' < "$work/classpath.txt" | grep embedded-redis)
unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' -d "$work"
redis_server=$(ls "$work"/redis-server-*-linux-amd64)
chmod +x "$redis_server"
redis_port=$(free_port)
"$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > /dev/null 2>&1 &
pids+=($!)

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

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run_wrk() { # config duration -> "rps p99 cpu_us_per_request"
  local config=$1 before after output requests
  before=$(cpu_ticks "${pid[$config]}")
  output=$(TOKENS_FILE="$work/tokens.txt" wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -s bench/tokens.lua \
    "http://127.0.0.1:${port[$config]}/api/me")
  after=$(cpu_ticks "${pid[$config]}")
  if grep -q 'Non-2xx\|Socket errors' <<<"$output"; then echo "$config: a request failed; void" >&2; echo "$output" >&2; exit 1; fi
  requests=$(awk '/requests in/ {print $1}' <<<"$output")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$output") $(awk '$1 == "99%" {print $2}' <<<"$output") \
$(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))"
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
