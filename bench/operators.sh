#!/usr/bin/env bash
# The operator API's figures, from the repository root: bench/operators.sh
#   1. USERS (10,000) users with 1 to 20 sessions each (seeded: the same plan every run), logged
#      in over HTTP; the users are written straight into Redis with a cheap bcrypt hash, so that
#      100,000 logins cost a minute rather than Argon2's half hour;
#   2. dry runs of 200 sampled users, checked against the sessions each was given;
#   3. a dry run of "everything issued before now", then the real call: its time, and the one key
#      it writes;
#   4. every refresh token issued before the cutoff presented once: how many are refused,
#      against the dry run's count; two logins after the cutoff still refresh;
#   5. 5,000 logins and logouts, then the audit trail's bytes per entry (MEMORY USAGE / XLEN) and
#      the retention 100 MB holds.
# One instance, the embedded Redis. Writes bench/results/operators-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-10000}
SEED=${SEED:-21}
source bench/lib.sh
command -v redis-cli >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-tools >/dev/null; }

build
start_embedded_redis
port=$(free_port)
JWT_SECRET=$(head -c 32 /dev/urandom | base64) SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" \
  SERVER_PORT="$port" OAUTH_CLIENTS_0_ID=bench-console \
  OAUTH_CLIENTS_0_SECRET_SHA256=$(printf %s bench-console-secret-0123456789 | sha256sum | cut -d' ' -f1) \
  OAUTH_CLIENTS_0_SCOPES=revocation:admin AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS=1000000 \
  LOGGING_LEVEL_DEV_JWTREVOCATION_AUDIT=WARN LOGGING_LEVEL_ROOT=WARN \
  java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$jar" > "$work/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/livez" && break; sleep 1; done
mkdir -p bench/results
{
  echo "# bench/operators.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(nproc) cores"
  python3 bench/operators.py "http://127.0.0.1:$port" "$redis_port" "$USERS" "$SEED"
} | tee bench/results/operators-latest.txt
