#!/usr/bin/env bash
# An anonymous login flood against the packaged jar (issue: "no anonymous flood stalls the
# service"): wrk posts /auth/login with never-seen usernames on 400 connections for 22 s
# (bench/login-flood.lua; each such login costs a full Argon2id hash), while bench.LoginFlood
# calls GET /api/me every 10 ms and /actuator/health every 100 ms and reports their latency and
# timeouts. The per-address failure ceiling is lifted, as for a flood from many addresses:
# hashing admission alone must hold. Prints one JSON object.
# Usage: bench/flood.sh   (CONNECTIONS=400 FLOOD_SECONDS=22)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-400}
FLOOD_SECONDS=${FLOOD_SECONDS:-22}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]:-}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B -ntp -pl service -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_jar=$(tr ':' '\n' < "$work/classpath.txt" | grep embedded-redis)
unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' -d "$work"
redis_server=$(ls "$work"/redis-server-*-linux-amd64); chmod +x "$redis_server"
redis_port=$(free_port); app_port=$(free_port)
"$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
pids+=($!)
JWT_SECRET=$(head -c 32 /dev/urandom | base64) SPRING_DATA_REDIS_URL="redis://127.0.0.1:$redis_port" \
SERVER_PORT="$app_port" LOGGING_LEVEL_ROOT=WARN AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS=1000000000 \
  java -Xms512m -Xmx512m -jar target/jwt-revocation-*.jar > "$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$app_port/actuator/health" >/dev/null && break; sleep 1; done
(sleep 3; wrk -t1 -c"$CONNECTIONS" -d"${FLOOD_SECONDS}s" -s bench/login-flood.lua "http://127.0.0.1:$app_port" > "$work/wrk.txt" 2>&1) &
java -cp "$cp" bench.LoginFlood "$app_port" 0 $((FLOOD_SECONDS + 2)) | tail -1
sleep 1
grep -E "Requests/sec|Socket errors" "$work/wrk.txt" || true
