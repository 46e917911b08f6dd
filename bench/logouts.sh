#!/usr/bin/env bash
# Logout latency with 3 mirrors, this tree against BASELINE_REF (default HEAD~1), interleaved over
# ROUNDS (2) rounds, from the repository root: bench/logouts.sh
# Each round and build: 3 instances on one embedded Redis; LOGOUTS (200) logouts one at a time
# through instance A (bench.LogoutLatency) after WARMUP_LOGOUTS (400) unreported ones, each 204
# waiting for every mirror; idle, then while wrk
# saturates A with CONNECTIONS (32) connections on GET /api/me. Writes bench/results/logouts-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
LOGOUTS=${LOGOUTS:-200}
BASELINE_REF=${BASELINE_REF:-HEAD~1}
source bench/lib.sh
build
git worktree add -q --detach "$work/baseline" "$BASELINE_REF"
trap 'git worktree remove --force "$work/baseline" 2>/dev/null || true; cleanup' EXIT
(cd "$work/baseline" && ./mvnw -q -B -ntp -o -pl service -am -DskipTests package)
baseline_jar=$(ls "$work"/baseline/target/jwt-revocation-*.jar)
start_embedded_redis
secret=$(head -c 32 /dev/urandom | base64)
round() { # label jar
  local label=$1 jar_of=$2 ports=() started=()
  for name in a b c; do
    local port; port=$(free_port)
    JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="$port" \
      LOGGING_LEVEL_ROOT=WARN SESSION_REFRESH_MAX_SESSIONS_PER_USER=100000 \
      AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS=100000 java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar_of" > "$work/$label-$name.log" 2>&1 &
    started+=($!); pids+=($!); ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 90); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 1; done
  done
  sleep 3
  local user="bench-$RANDOM$RANDOM" token
  curl -fsS -X POST "http://127.0.0.1:${ports[0]}/auth/register" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"benchmark password\"}" > /dev/null
  token=$(curl -fsS -X POST "http://127.0.0.1:${ports[0]}/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"benchmark password\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  # warm-up, not reported: the JIT compiles the logout path of all three instances
  java -cp "$cp" bench.LogoutLatency "warm-up" "${ports[0]}" "${WARMUP_LOGOUTS:-400}" > /dev/null
  java -cp "$cp" bench.LogoutLatency "$label, 3 instances, idle" "${ports[0]}" "$LOGOUTS" | grep '^{' | tail -1
  wrk -t1 -c"${CONNECTIONS:-32}" -d60s -H "Authorization: Bearer $token" "http://127.0.0.1:${ports[0]}/api/me" \
    > /dev/null 2>&1 &
  local wrk_pid=$!
  sleep 2
  java -cp "$cp" bench.LogoutLatency "$label, 3 instances, saturated" "${ports[0]}" "$LOGOUTS" | grep '^{' | tail -1
  kill "$wrk_pid" 2>/dev/null || true; wait "$wrk_pid" 2>/dev/null || true
  kill "${started[@]}" 2>/dev/null || true; wait "${started[@]}" 2>/dev/null || true
  redis-cli -p "$redis_port" DEL 'jr:lease:{#}:mirrors' > /dev/null
}
mkdir -p bench/results
{
  echo "# bench/logouts.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD) against $(git rev-parse --short "$BASELINE_REF"), $(nproc) cores"
  for r in $(seq 1 "$ROUNDS"); do
    round "baseline $(git rev-parse --short "$BASELINE_REF")" "$baseline_jar"
    round "this tree" "$jar"
  done
} | tee bench/results/logouts-latest.txt
