#!/usr/bin/env bash
# Mirrors past this machine, from the repository root: bench/mirrors.sh
# A lightweight client that speaks the lease protocol (bench/mirrors.py: RESP3, CLIENT TRACKING,
# lease-heartbeat.lua every quarter lease and at each poke, lease-confirm.lua once its heartbeat's
# push is back) stands in for a mirror; COUNTS (10,100,300) of them register beside one real
# instance. For each count: Redis's CPU over WINDOW (20) s at rest (INFO cpu), the pushes the
# simulated mirrors receive a second, and LOGOUTS (200) logouts one at a time through the real
# instance, each of which waits for every registered mirror. LAYOUT=old simulates the heartbeats
# of before (under jr:r:, tracked by every mirror) for comparison. One embedded Redis.
# Writes bench/results/mirrors-<layout>-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build
start_embedded_redis
port=$(free_port)
JWT_SECRET=$(head -c 32 /dev/urandom | base64) SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" \
  SERVER_PORT="$port" AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS=1000000 \
  LOGGING_LEVEL_DEV_JWTREVOCATION_AUDIT=WARN LOGGING_LEVEL_ROOT=WARN \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/livez" && break; sleep 1; done
mkdir -p bench/results
layout=${LAYOUT:-new}
{
  echo "# bench/mirrors.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(nproc) cores"
  python3 bench/mirrors.py "$port" "$redis_port" core/src/main/resources/dev/jwtrevocation/revocation \
    "${COUNTS:-10,100,300}" "$layout" "${WINDOW:-20}" "${LOGOUTS:-200}"
} | tee "bench/results/mirrors-$layout-latest.txt"
